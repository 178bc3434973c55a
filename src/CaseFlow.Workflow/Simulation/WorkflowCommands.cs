using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Model;

namespace CaseFlow.Workflow.Simulation;

/// <summary>
/// The logic behind <c>caseflow workflows validate</c> and <c>caseflow workflows simulate</c>; the Host's command line
/// parses its arguments and calls these.
/// </summary>
public static class WorkflowCommands
{
    public const int Ran = 0;
    public const int InvalidDefinition = 1;
    public const int StepFailed = 2;

    /// <summary>Where the virtual clock starts without --start: a Monday morning at a center, so runs are reproducible.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one line per problem ("file:line: message"); returns 1 if any file has an error, else 0.</summary>
    public static int Validate(IReadOnlyList<string> files, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        var failed = false;
        foreach (var file in files)
        {
            BpmnLoadResult result;
            try
            {
                result = BpmnLoader.LoadFile(file);
            }
            catch (IOException e)
            {
                output.WriteLine($"{file}: cannot read the file: {e.Message}");
                failed = true;
                continue;
            }
            catch (UnauthorizedAccessException e)
            {
                output.WriteLine($"{file}: cannot read the file: {e.Message}");
                failed = true;
                continue;
            }

            foreach (var problem in result.Problems)
            {
                var severity = problem.Severity == ProblemSeverity.Warning ? "warning: " : "";
                output.WriteLine($"{file}:{problem.Line}: {severity}{problem.Message}");
            }

            failed |= !result.IsValid;
        }

        return failed ? InvalidDefinition : Ran;
    }

    /// <summary>
    /// Runs the process in memory on a virtual clock. eventsJson is the steps' JSON text (an array), or the path of a
    /// file holding it. Writes one JSON object per line: the events, then the state. Returns 0 when every step ran,
    /// 1 for an invalid definition, 2 for a step that cannot apply (an "error" line says which and why).
    /// </summary>
    public static int Simulate(string file, string eventsJson, DateTimeOffset? start, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        BpmnLoadResult loaded;
        try
        {
            loaded = BpmnLoader.LoadFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteLine(output, w => w.WriteString("error", $"{file}: cannot read the file: {e.Message}"));
            return InvalidDefinition;
        }

        if (loaded.Definition is null)
        {
            foreach (var problem in loaded.Errors)
            {
                WriteLine(output, w =>
                {
                    w.WriteString("error", $"{file}:{problem.Line}: {problem.Message}");
                    w.WriteNumber("line", problem.Line);
                    w.WriteString("element", problem.ElementId);
                });
            }

            return InvalidDefinition;
        }

        var clockStart = start ?? DefaultStart;
        var simulator = new Simulator(loaded.Definition, clockStart, output);
        JsonDocument steps;
        try
        {
            var text = eventsJson.TrimStart().StartsWith('[') || !File.Exists(eventsJson) ? eventsJson : File.ReadAllText(eventsJson);
            steps = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return simulator.Fail($"the events are not valid JSON: {e.Message}");
        }

        using (steps)
        {
            if (steps.RootElement.ValueKind != JsonValueKind.Array)
            {
                return simulator.Fail("the events must be a JSON array of steps");
            }

            var number = 0;
            foreach (var step in steps.RootElement.EnumerateArray())
            {
                number++;
                var error = simulator.Run(step);
                if (error is not null)
                {
                    return simulator.Fail($"step {number} ({Describe(step)}): {error}");
                }
            }
        }

        simulator.WriteState();
        return Ran;
    }

    private static string Describe(JsonElement step) => step.ValueKind == JsonValueKind.Object
        ? string.Join(", ", step.EnumerateObject().Where(p => p.Name != "variables").Select(p => $"{p.Name} {p.Value.GetRawText()}"))
        : step.GetRawText();

    internal static void WriteLine(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private sealed class Simulator(ProcessDefinition definition, DateTimeOffset start, TextWriter output)
    {
        private readonly WorkflowEngine _engine = new();
        private readonly TimeSpan _offset = start.Offset;
        private DateTimeOffset _now = start.ToUniversalTime();
        private InstanceState? _state;

        public string? Run(JsonElement step)
        {
            if (step.ValueKind != JsonValueKind.Object)
            {
                return "a step must be a JSON object";
            }

            var variables = Variables(step);
            if (step.TryGetProperty("start", out var startStep))
            {
                return Apply(new StartInstance(startStep.ValueKind == JsonValueKind.Object ? Variables(startStep) : variables));
            }

            if (step.TryGetProperty("complete", out var complete))
            {
                return Complete(step, complete, variables);
            }

            if (step.TryGetProperty("message", out var message))
            {
                if (message.ValueKind != JsonValueKind.String)
                {
                    return "\"message\" must be the message name";
                }

                return Apply(_state is null
                    ? new StartInstance(variables, message.GetString())
                    : new CorrelateMessage(message.GetString()!, variables));
            }

            if (step.TryGetProperty("advance", out var advance))
            {
                return Advance(advance);
            }

            return "unknown step: expected one of start, complete, message, advance";
        }

        public int Fail(string error)
        {
            WriteLine(output, w => w.WriteString("error", error));
            WriteState();
            return StepFailed;
        }

        public void WriteState()
        {
            var state = _state?.Status switch
            {
                InstanceStatus.Completed => "completed",
                InstanceStatus.Terminated => "terminated",
                _ => "running",
            };
            WriteLine(output, w =>
            {
                w.WriteString("state", state);
                w.WriteStartArray("active");
                foreach (var element in _state?.ActiveElements ?? [])
                {
                    w.WriteStringValue(element);
                }

                w.WriteEndArray();
            });
        }

        private string? Complete(JsonElement step, JsonElement complete, IReadOnlyDictionary<string, object?> variables)
        {
            if (complete.ValueKind != JsonValueKind.String)
            {
                return "\"complete\" must be a userTask id";
            }

            if (_state is null)
            {
                return "the instance has not started";
            }

            var elementId = complete.GetString()!;
            var open = _state.Tasks.Where(t => t.ElementId == elementId).ToList();
            var index = step.TryGetProperty("item", out var item) && item.TryGetInt32(out var i) ? i : 0;
            if (open.Count == 0)
            {
                var names = string.Join(", ", _state.Tasks.Select(t => t.ElementId).Distinct());
                return $"no open task of '{elementId}' (open: {(names.Length > 0 ? names : "none")})";
            }

            if (index < 0 || index >= open.Count)
            {
                return $"'{elementId}' has {open.Count} open task(s); item {index} does not exist";
            }

            var outcome = step.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            return Apply(new CompleteUserTask(open[index].Id, "simulator", outcome, variables));
        }

        private string? Advance(JsonElement advance)
        {
            if (advance.ValueKind != JsonValueKind.String || !Iso8601.TryParseDuration(advance.GetString()!, out var duration))
            {
                return "\"advance\" must be an ISO 8601 duration such as PT4H or P3D";
            }

            var until = duration.AddTo(_now);
            // Every timer due by then fires, earliest first; a timer a fired one schedules fires too if it is due in time.
            while (_state is { Status: InstanceStatus.Running }
                   && _state.Timers.Where(t => t.DueAt <= until).OrderBy(t => t.DueAt).ThenBy(t => _state.Timers.IndexOf(t)).FirstOrDefault() is { } timer)
            {
                if (timer.DueAt > _now)
                {
                    _now = timer.DueAt;
                }

                var error = Apply(new FireTimer(timer.Id));
                if (error is not null)
                {
                    return error;
                }
            }

            if (until > _now)
            {
                _now = until;
            }

            return null;
        }

        private string? Apply(WorkflowTrigger trigger)
        {
            var pending = _engine.ApplyAsync(definition, _state, trigger, _now, ImmediateServiceTasks.Instance);
            // Service tasks complete at once in simulation, so the call has already finished.
            var result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            if (!result.Applied)
            {
                return result.Error;
            }

            _state = result.State;
            foreach (var e in result.Events)
            {
                var name = Name(e.Kind);
                if (name is not null)
                {
                    WriteLine(output, w =>
                    {
                        w.WriteString("t", e.At.ToOffset(_offset).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                        w.WriteString("event", name);
                        w.WriteString("element", e.ElementId);
                    });
                }
            }

            return null;
        }

        private static string? Name(WorkflowEventKind kind) => kind switch
        {
            WorkflowEventKind.Entered => "entered",
            WorkflowEventKind.Left => "left",
            WorkflowEventKind.TaskCreated => "taskCreated",
            WorkflowEventKind.TaskCompleted => "taskCompleted",
            WorkflowEventKind.TimerScheduled => "timerScheduled",
            WorkflowEventKind.TimerFired => "timerFired",
            WorkflowEventKind.MessageCorrelated => "messageCorrelated",
            WorkflowEventKind.Completed => "completed",
            WorkflowEventKind.Terminated => "terminated",
            _ => null,
        };

        private static Dictionary<string, object?> Variables(JsonElement step)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (step.TryGetProperty("variables", out var variables) && variables.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in variables.EnumerateObject())
                {
                    result[property.Name] = property.Value.Clone();
                }
            }

            return result;
        }
    }

    private sealed class ImmediateServiceTasks : IServiceTaskPort
    {
        public static readonly ImmediateServiceTasks Instance = new();

        public ValueTask<IReadOnlyDictionary<string, object?>?> InvokeAsync(InvokeServiceTask task, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyDictionary<string, object?>?>(null);
    }
}
