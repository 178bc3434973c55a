using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Model;

namespace CaseFlow.Workflow.Persistence;

/// <summary>A stored, immutable definition version.</summary>
public sealed record DeployedDefinition(string Key, int Version, string ContentHash, string? Name, bool IsNew);

/// <summary>Deploy outcome: the stored version, or the validation problems that kept the file out.</summary>
public sealed record DeployResult(DeployedDefinition? Definition, IReadOnlyList<ValidationProblem> Problems);

/// <summary>
/// The outcome of one trigger. Refused triggers change nothing and carry the reason; Duplicate is true when the
/// idempotency key had been seen and this is the first result, returned again.
/// </summary>
public sealed record TriggerOutcome(
    Guid InstanceId,
    bool Applied,
    string? Error,
    InstanceStatus? Status,
    IReadOnlyList<string> ActiveElements,
    long Version,
    bool Duplicate = false);

public sealed record InstanceView(
    Guid Id,
    string DefinitionKey,
    int DefinitionVersion,
    string? BusinessKey,
    InstanceStatus Status,
    long Version,
    InstanceState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt)
{
    public IReadOnlyList<string> ActiveElements => State.ActiveElements;
}

public sealed record HistoryEntry(long Id, string Kind, string ElementId, string? TaskId, string? Actor, string? Outcome, bool Cancelled, DateTimeOffset At);

/// <summary>An open user task as the task list shows it.</summary>
public sealed record WorkflowTask(
    Guid InstanceId,
    string TaskId,
    string ElementId,
    string? Name,
    string? Assignee,
    string? CandidateRole,
    string? CandidateDepartment,
    DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt,
    bool PausesClock);

/// <summary>Filters combine with AND; After is the NextCursor of the previous page.</summary>
public sealed record TaskQuery(string? Assignee = null, string? CandidateRole = null, string? CandidateDepartment = null, int PageSize = 50, string? After = null);

public sealed record TaskPage(IReadOnlyList<WorkflowTask> Items, string? NextCursor);

public sealed class WorkflowOptions
{
    /// <summary>Timers one sweep claims at most.</summary>
    public int TimerBatchSize { get; set; } = 100;

    /// <summary>How long the timer worker sleeps when nothing was due.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a timer whose trigger failed waits before the next attempt.</summary>
    public TimeSpan TimerRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
}
