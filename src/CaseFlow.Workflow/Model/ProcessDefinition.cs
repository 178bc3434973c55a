using CaseFlow.Workflow.Expressions;

namespace CaseFlow.Workflow.Model;

/// <summary>A validated, executable BPMN process: immutable once loaded.</summary>
public sealed class ProcessDefinition
{
    internal ProcessDefinition(string id, string? name, IReadOnlyDictionary<string, FlowElement> elements, IReadOnlyDictionary<string, SequenceFlow> flows)
    {
        Id = id;
        Name = name;
        Elements = elements;
        Flows = flows;
        StartEvents = elements.Values.Where(e => e.Kind == ElementKind.StartEvent && e.ScopeId is null).OrderBy(e => e.Order).ToList();
    }

    /// <summary>The BPMN process id (the definition key).</summary>
    public string Id { get; }

    public string? Name { get; }

    /// <summary>Names of the messages that start an instance (message start events).</summary>
    public IReadOnlyList<string> StartMessages => StartEvents.Where(e => e.Trigger == EventTrigger.Message).Select(e => e.MessageName!).ToList();

    /// <summary>The candidate-department expressions of the process's user tasks, as written, each once, in document order.</summary>
    public IReadOnlyList<string> CandidateDepartments =>
        Elements.Values.OrderBy(e => e.Order).Select(e => e.CandidateDepartment?.Text).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The collections the process's multi-instance activities run over, as written, each once, in document order.</summary>
    public IReadOnlyList<string> MultiInstanceCollections =>
        Elements.Values.OrderBy(e => e.Order).Select(e => e.MultiInstance?.Collection?.Text).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The line of the process element, for problems about the process as a whole.</summary>
    internal int Line { get; init; }

    internal IReadOnlyDictionary<string, FlowElement> Elements { get; }

    internal IReadOnlyDictionary<string, SequenceFlow> Flows { get; }

    internal IReadOnlyList<FlowElement> StartEvents { get; }

    internal FlowElement Element(string id) => Elements[id];

    /// <summary>
    /// Where a subProcess's tokens start: its none start event or, when it has none, every flow node without an
    /// incoming flow (BPMN 2.0 §10.5.2 allows a subProcess without start events; bpmn.io draws such subProcesses).
    /// </summary>
    internal IReadOnlyList<FlowElement> StartsOf(string subProcessId)
    {
        var inside = Elements.Values.Where(e => e.ScopeId == subProcessId).OrderBy(e => e.Order).ToList();
        var start = inside.FirstOrDefault(e => e.Kind == ElementKind.StartEvent);
        return start is not null
            ? [start]
            : inside.Where(e => e.Incoming.Count == 0 && e.Kind != ElementKind.BoundaryEvent).ToList();
    }
}

internal enum ElementKind
{
    StartEvent,
    EndEvent,
    UserTask,
    ServiceTask,
    SubProcess,
    ExclusiveGateway,
    ParallelGateway,
    IntermediateCatchEvent,
    BoundaryEvent,
}

internal enum EventTrigger
{
    None,
    Message,
    Timer,
    Terminate,
}

internal enum TimerKind
{
    Duration,
    Date,
    WorkingDays,
    WorkingHours,
}

/// <summary>A timer is either a literal (ISO 8601 duration or date) or an expression evaluated when the timer starts.</summary>
internal sealed record TimerSpec(TimerKind Kind, string? Literal, CaseExpression? Expression);

internal sealed record MultiInstanceSpec(
    bool IsSequential,
    CaseExpression? Collection,
    string? ElementVariable,
    CaseExpression? Cardinality,
    CaseExpression? CompletionCondition);

internal sealed record SequenceFlow(string Id, string SourceId, string TargetId, CaseExpression? Condition, int Line, int Order);

internal sealed record FlowElement
{
    public required string Id { get; init; }

    public required ElementKind Kind { get; init; }

    /// <summary>The BPMN element name as written (startEvent, userTask, ...), for messages.</summary>
    public required string TypeName { get; init; }

    public string? Name { get; init; }

    public int Line { get; init; }

    /// <summary>Document order, used wherever the engine needs a deterministic choice.</summary>
    public int Order { get; init; }

    /// <summary>The id of the enclosing subProcess, or null at process level.</summary>
    public string? ScopeId { get; init; }

    public List<SequenceFlow> Incoming { get; } = [];

    public List<SequenceFlow> Outgoing { get; } = [];

    public EventTrigger Trigger { get; init; }

    public string? MessageName { get; init; }

    public TimerSpec? Timer { get; init; }

    public string? AttachedToId { get; init; }

    public bool CancelActivity { get; init; } = true;

    public List<FlowElement> Boundaries { get; } = [];

    public string? DefaultFlowId { get; init; }

    public CaseExpression? Assignee { get; init; }

    public CaseExpression? CandidateRole { get; init; }

    public CaseExpression? CandidateDepartment { get; init; }

    public CaseExpression? DueWorkingDays { get; init; }

    public bool PausesClock { get; init; }

    public string? Handler { get; init; }

    public MultiInstanceSpec? MultiInstance { get; init; }


    public bool IsActivity => Kind is ElementKind.UserTask or ElementKind.ServiceTask or ElementKind.SubProcess;

    public string Describe() => $"{TypeName} '{Id}'";
}
