using System.Text.Json;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Model;

namespace CaseFlow.Workflow.Tests.Support;

/// <summary>Drives one instance through the engine on a virtual clock, keeping every event, as a test would read it.</summary>
internal sealed class Run(ProcessDefinition definition, DateTimeOffset? start = null, IWorkingCalendar? calendar = null)
{
    /// <summary>Monday 2 March 2026, 09:00 in China Standard Time.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly WorkflowEngine _engine = new(calendar);

    public Run(string processBody, string declarations = "", DateTimeOffset? start = null, IWorkingCalendar? calendar = null)
        : this(Bpmn.Load(processBody, declarations), start, calendar)
    {
    }

    public ProcessDefinition Definition { get; } = definition;

    public DateTimeOffset Now { get; set; } = (start ?? Monday).ToUniversalTime();

    public InstanceState State { get; set; } = null!;

    public List<WorkflowEvent> Events { get; } = [];

    public List<WorkflowCommand> Commands { get; } = [];

    /// <summary>When set, service tasks run through this port; otherwise they wait for CompleteServiceTask.</summary>
    public RecordingPort? Services { get; set; } = new();

    public IReadOnlyList<string> Active => State.ActiveElements;

    public InstanceStatus Status => State.Status;

    public TriggerResult Start(Dictionary<string, object?>? variables = null, string? message = null) =>
        Apply(new StartInstance(variables, message));

    public TriggerResult Complete(string elementId, string? outcome = null, Dictionary<string, object?>? variables = null, int item = 0, string actor = "clerk-1") =>
        Apply(new CompleteUserTask(Tasks(elementId)[item].Id, actor, outcome, variables));

    public TriggerResult Message(string name, Dictionary<string, object?>? variables = null) =>
        Apply(new CorrelateMessage(name, variables));

    /// <summary>Moves the clock on, firing every timer due by then in due order.</summary>
    public void Advance(TimeSpan by)
    {
        var until = Now + by;
        while (State.Status == InstanceStatus.Running && State.Timers.Where(t => t.DueAt <= until).MinBy(t => t.DueAt) is { } timer)
        {
            Now = timer.DueAt > Now ? timer.DueAt : Now;
            Apply(new FireTimer(timer.Id)).Applied.ShouldBeTrue();
        }

        Now = until;
    }

    public TriggerResult Apply(WorkflowTrigger trigger)
    {
        var result = Services is null
            ? _engine.Apply(Definition, State, trigger, Now)
            : _engine.ApplyAsync(Definition, State, trigger, Now, Services).AsTask().GetAwaiter().GetResult();
        if (result.Applied)
        {
            State = result.State!;
            Events.AddRange(result.Events);
            Commands.AddRange(result.Commands);
        }

        return result;
    }

    public List<UserTaskState> Tasks(string elementId) => State.Tasks.Where(t => t.ElementId == elementId).ToList();

    /// <summary>Events of the given kind as element ids, in order.</summary>
    public List<string> Of(WorkflowEventKind kind) => Events.Where(e => e.Kind == kind).Select(e => e.ElementId).ToList();

    public JsonElement Variable(string name) => State.Variables[name];

    public static Dictionary<string, object?> Vars(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
}

internal sealed class RecordingPort : IServiceTaskPort
{
    public List<InvokeServiceTask> Calls { get; } = [];

    public Dictionary<string, Func<InvokeServiceTask, IReadOnlyDictionary<string, object?>?>> Handlers { get; } = new(StringComparer.Ordinal);

    public ValueTask<IReadOnlyDictionary<string, object?>?> InvokeAsync(InvokeServiceTask task, CancellationToken cancellationToken)
    {
        Calls.Add(task);
        return ValueTask.FromResult(task.Handler is not null && Handlers.TryGetValue(task.Handler, out var handler) ? handler(task) : null);
    }
}
