namespace CaseFlow.Workflow.Execution;

/// <summary>Something from outside that moves an instance on. Variables are JSON-like values (or JsonElement).</summary>
public abstract record WorkflowTrigger;

/// <summary>Starts an instance at its none start event, or at the message start event for MessageName.</summary>
public sealed record StartInstance(IReadOnlyDictionary<string, object?>? Variables = null, string? MessageName = null) : WorkflowTrigger;

public sealed record CompleteUserTask(string TaskId, string? Actor = null, string? Outcome = null, IReadOnlyDictionary<string, object?>? Variables = null)
    : WorkflowTrigger;

public sealed record CorrelateMessage(string MessageName, IReadOnlyDictionary<string, object?>? Variables = null) : WorkflowTrigger;

public sealed record FireTimer(string TimerId) : WorkflowTrigger;

/// <summary>The result of a service task's handler.</summary>
public sealed record CompleteServiceTask(string JobId, IReadOnlyDictionary<string, object?>? Variables = null) : WorkflowTrigger;

public enum WorkflowEventKind
{
    Entered,
    Left,
    TaskCreated,
    TaskCompleted,
    TaskCancelled,
    TimerScheduled,
    TimerFired,
    TimerCancelled,
    MessageCorrelated,
    ClockPaused,
    ClockResumed,
    Completed,
    Terminated,
}

/// <summary>
/// What happened, in order. Cancelled is set on Left when an element was left by interruption or termination rather
/// than by completing; PausesClock when the element is marked caseflow:pausesClock.
/// </summary>
public sealed record WorkflowEvent(
    WorkflowEventKind Kind,
    string ElementId,
    DateTimeOffset At,
    string? TokenId = null,
    string? TaskId = null,
    string? TimerId = null,
    string? Actor = null,
    string? Outcome = null,
    bool Cancelled = false,
    bool PausesClock = false);

/// <summary>Work for the outside world that the trigger asks for: a store writes tasks and timers; a host runs handlers.</summary>
public abstract record WorkflowCommand;

public sealed record CreateTask(UserTaskState Task) : WorkflowCommand;

public sealed record CancelTask(string TaskId) : WorkflowCommand;

public sealed record ScheduleTimer(TimerState Timer) : WorkflowCommand;

public sealed record CancelTimer(string TimerId) : WorkflowCommand;

/// <summary>Runs a service task's handler; its result comes back as <see cref="CompleteServiceTask"/>.</summary>
public sealed record InvokeServiceTask(string JobId, string ElementId, string? Handler, IReadOnlyDictionary<string, object?> Variables) : WorkflowCommand
{
    /// <summary>The instance the task runs for; set by the durable runtime (null in memory).</summary>
    public Guid? InstanceId { get; init; }

    /// <summary>The instance's business key (a case number, for instance), when it has one.</summary>
    public string? BusinessKey { get; init; }
}

/// <summary>
/// The outcome of one trigger. When Error is set the trigger did not apply and State is the unchanged input: the
/// whole trigger is refused rather than half applied, like a transaction rolled back to the last wait state. State is
/// null only when a start was refused.
/// </summary>
public sealed record TriggerResult(InstanceState? State, IReadOnlyList<WorkflowEvent> Events, IReadOnlyList<WorkflowCommand> Commands, string? Error = null)
{
    public bool Applied => Error is null;
}
