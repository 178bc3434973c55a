using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Model;

namespace CaseFlow.Benchmarks;

public sealed record InMemoryResult(string Engine, int Instances, TimeSpan Elapsed, long Triggers, long Entries)
{
    public double TriggersPerSecond => Triggers / Elapsed.TotalSeconds;

    public double EntriesPerSecond => Entries / Elapsed.TotalSeconds;
}

/// <summary>
/// WorkflowEngine in a loop on one thread, instances one after another, the same steps as the durable clients and
/// the bpmn-engine peer: no database, no serialization; the state object goes from one trigger to the next.
/// </summary>
public static class InMemoryBenchmark
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly TimeSpan MinimumTime = TimeSpan.FromSeconds(2);

    public static async Task<InMemoryResult> RunAsync(string bpmnPath, int instances, int departments)
    {
        var definition = Load(bpmnPath);
        var engine = new WorkflowEngine();
        var port = new CompletingPort();
        var variables = Workload.StartVariables(departments);
        await RunManyAsync(engine, definition, port, variables, departments, Math.Min(instances, 500));

        // The requested instances take this engine a few tens of milliseconds, too short a time to measure on a noisy
        // machine: repeat them until at least two seconds have passed (rates are per second either way).
        long triggers = 0;
        long entries = 0;
        var runs = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            var (t, e) = await RunManyAsync(engine, definition, port, variables, departments, instances);
            triggers += t;
            entries += e;
            runs++;
        }
        while (clock.Elapsed < MinimumTime);

        clock.Stop();
        return new InMemoryResult("CaseFlow WorkflowEngine", instances * runs, clock.Elapsed, triggers, entries);
    }

    public static ProcessDefinition Load(string bpmnPath)
    {
        var loaded = BpmnLoader.LoadFile(bpmnPath);
        return loaded.Definition ?? throw new InvalidOperationException("the process does not load: " + string.Join("; ", loaded.Problems));
    }

    private static async Task<(long Triggers, long Entries)> RunManyAsync(
        WorkflowEngine engine, ProcessDefinition definition, CompletingPort port, Dictionary<string, object?> variables, int departments, int instances)
    {
        long triggers = 0;
        long entries = 0;
        for (var i = 0; i < instances; i++)
        {
            var (t, e) = await RunOneAsync(engine, definition, port, variables, departments);
            triggers += t;
            entries += e;
        }

        return (triggers, entries);
    }

    /// <summary>One instance start to end; returns the triggers applied and the elements entered.</summary>
    public static async ValueTask<(int Triggers, int Entries)> RunOneAsync(
        WorkflowEngine engine, ProcessDefinition definition, IServiceTaskPort port, IReadOnlyDictionary<string, object?> variables, int departments)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var entries = 0;
        var result = Check(await engine.ApplyAsync(definition, null, new StartInstance(variables), Now, port), ref entries);
        var state = result.State!;
        var triggers = 1;
        foreach (var (elementId, count, outcome, taskVariables) in new (string, int, string, IReadOnlyDictionary<string, object?>?)[]
        {
            (Workload.Distribute, 1, "distributed", null),
            (Workload.CoReview, departments, "agree", null),
            (Workload.LeadDecision, 1, "approve", Workload.Approve),
        })
        {
            var open = state.Tasks.Where(t => t.ElementId == elementId).Select(t => t.Id).ToList();
            if (open.Count != count)
            {
                throw new InvalidOperationException($"{open.Count} open {elementId} tasks, {count} expected");
            }

            foreach (var task in open)
            {
                result = Check(await engine.ApplyAsync(definition, state, new CompleteUserTask(task, "clerk", outcome, taskVariables), Now, port), ref entries);
                state = result.State!;
                triggers++;
            }
        }

        return state.Status == InstanceStatus.Completed
            ? (triggers, entries)
            : throw new InvalidOperationException($"the instance is {state.Status} after the lead decision");
    }

    private static TriggerResult Check(TriggerResult result, ref int entries)
    {
        if (!result.Applied)
        {
            throw new InvalidOperationException("a trigger was refused: " + result.Error);
        }

        foreach (var e in result.Events)
        {
            if (e.Kind == WorkflowEventKind.Entered)
            {
                entries++;
            }
        }

        return result;
    }
}

/// <summary>bpmn-engine (npm) on the same file, run by peer/bpmn-engine-bench.mjs under node.</summary>
public static class PeerBenchmark
{
    public static string PeerDirectory => Path.Combine(Workload.RepositoryRoot(), "tests", "CaseFlow.Benchmarks", "peer");

    /// <summary>The reason the peer cannot run (node or its packages missing), or null.</summary>
    public static string? Missing() =>
        !Directory.Exists(Path.Combine(PeerDirectory, "node_modules", "bpmn-engine"))
            ? $"bpmn-engine is not installed: run `npm ci` in {PeerDirectory} (build/bench.sh does), or pass --no-peer"
            : null;

    public static async Task<InMemoryResult> RunAsync(string bpmnPath, int instances, int departments)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = PeerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "bpmn-engine-bench.mjs", bpmnPath, instances.ToString(CultureInfo.InvariantCulture),
            departments.ToString(CultureInfo.InvariantCulture), Math.Min(instances, 200).ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the bpmn-engine peer exited with {process.ExitCode}:\n{output}{await stderr}");
        }

        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        return new InMemoryResult(
            "bpmn-engine " + root.GetProperty("version").GetString(),
            root.GetProperty("instances").GetInt32(),
            TimeSpan.FromSeconds(root.GetProperty("seconds").GetDouble()),
            root.GetProperty("triggers").GetInt64(),
            root.GetProperty("entries").GetInt64());
    }
}
