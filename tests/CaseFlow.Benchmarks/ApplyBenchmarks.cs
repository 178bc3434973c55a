using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Model;

namespace CaseFlow.Benchmarks;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of the engine's steps on the parallel-approval process (the `micro` verb), and of
/// the state's JSON round trip that the durable runtime adds to every trigger.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "BenchmarkDotNet runs instance methods.")]
public class ApplyBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    // The runtime's own options (StateJson.Options), repeated here because that type is internal.
    private static readonly JsonSerializerOptions StateOptions = new(JsonSerializerDefaults.General);

    private readonly WorkflowEngine _engine = new();
    private readonly CompletingPort _port = new();
    private ProcessDefinition _definition = null!;
    private IReadOnlyDictionary<string, object?> _variables = null!;
    private InstanceState _started = null!;
    private InstanceState _reviewing = null!;
    private string _distributeTask = null!;
    private string _reviewTask = null!;
    private string _reviewingJson = null!;

    [Params(3)]
    public int Departments { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _definition = InMemoryBenchmark.Load(Workload.BpmnPath(null));
        _variables = Workload.StartVariables(Departments);
        _started = _engine.Apply(_definition, null, new StartInstance(_variables), Now).State!;
        _distributeTask = _started.Tasks.Single(t => t.ElementId == Workload.Distribute).Id;
        _reviewing = _engine.Apply(_definition, _started, new CompleteUserTask(_distributeTask, "clerk"), Now).State!;
        _reviewTask = _reviewing.Tasks.First(t => t.ElementId == Workload.CoReview).Id;
        _reviewingJson = JsonSerializer.Serialize(_reviewing, StateOptions);
    }

    [Benchmark(Description = "Apply: start (to the distribution task)")]
    public TriggerResult Start() => _engine.Apply(_definition, null, new StartInstance(_variables), Now);

    [Benchmark(Description = "Apply: complete distribution (MI body, 3 review tasks, boundary timer)")]
    public TriggerResult CompleteDistribution() => _engine.Apply(_definition, _started, new CompleteUserTask(_distributeTask, "clerk"), Now);

    [Benchmark(Description = "Apply: complete one review task")]
    public TriggerResult CompleteReview() => _engine.Apply(_definition, _reviewing, new CompleteUserTask(_reviewTask, "clerk"), Now);

    [Benchmark(Description = "one instance end to end (6 triggers)")]
    public ValueTask<(int Triggers, int Entries)> WholeInstance() => InMemoryBenchmark.RunOneAsync(_engine, _definition, _port, _variables, Departments);

    [Benchmark(Description = "state JSON write + read (the runtime's per-trigger cost)")]
    public InstanceState StateJsonRoundTrip() =>
        JsonSerializer.Deserialize<InstanceState>(JsonSerializer.Serialize(_reviewing, StateOptions), StateOptions)!;

    [Benchmark(Description = "state JSON read")]
    public InstanceState StateJsonRead() => JsonSerializer.Deserialize<InstanceState>(_reviewingJson, StateOptions)!;
}
