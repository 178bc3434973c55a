using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Kernel.Workflow;

/// <summary>Starts the newest version of a process for a business key (a case number); answered by the Host over the workflow runtime.</summary>
public sealed record StartProcess(string DefinitionKey, string BusinessKey, IReadOnlyDictionary<string, object?> Variables, string? IdempotencyKey = null)
    : IRequest<ProcessStepResult>;

/// <summary>Completes an open user task of a process instance on behalf of an actor whose right to do so the sender has checked.</summary>
public sealed record CompleteProcessTask(
    Guid InstanceId,
    string TaskId,
    string Actor,
    string? Outcome,
    IReadOnlyDictionary<string, object?>? Variables,
    string? IdempotencyKey = null) : IRequest<ProcessStepResult>;

/// <summary>
/// Delivers a message to the running instance with the business key, or to the instance <paramref name="InstanceId"/>
/// names when the sender knows which one waits. Never send it from a service task of that same instance.
/// </summary>
public sealed record CorrelateProcessMessage(
    string BusinessKey, string MessageName, IReadOnlyDictionary<string, object?>? Variables, string? IdempotencyKey = null, Guid? InstanceId = null)
    : IRequest<ProcessStepResult>;

/// <summary>
/// Reads the newest instance of a business key, or the instance <paramref name="InstanceId"/> names: status, active
/// steps and open tasks; null when there is none.
/// </summary>
public sealed record GetProcessState(string BusinessKey, Guid? InstanceId = null) : IRequest<ProcessState?>;

/// <summary>What a process step did: applied, or refused with the reason (nothing changed then).</summary>
public sealed record ProcessStepResult(Guid InstanceId, bool Applied, string? Error, string? Status, IReadOnlyList<string> ActiveElements);

/// <summary>A process instance as modules see it.</summary>
public sealed record ProcessState(
    Guid InstanceId,
    string DefinitionKey,
    int DefinitionVersion,
    string Status,
    bool ClockPaused,
    IReadOnlyList<string> ActiveElements,
    IReadOnlyList<ProcessTask> OpenTasks,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt);

/// <summary>An open user task of a process instance.</summary>
public sealed record ProcessTask(
    string TaskId,
    string ElementId,
    string? Name,
    string? Assignee,
    string? CandidateRole,
    string? CandidateDepartment,
    DateTimeOffset? DueAt,
    bool PausesClock,
    int? LoopCounter);

/// <summary>Describes the newest deployed version of a process, for callers that must know whether it fits their cases; null when no process has that key.</summary>
public sealed record GetProcessDefinition(string Key) : IRequest<ProcessDefinitionOutline?>;

/// <summary>
/// What a deployed process asks of the cases it runs: the candidate-department expressions of its user tasks and the
/// collections its multi-instance activities run over (each as written in the file, e.g. <c>leadDepartment</c>).
/// </summary>
public sealed record ProcessDefinitionOutline(
    string Key,
    int Version,
    string? Name,
    IReadOnlyList<string> CandidateDepartments,
    IReadOnlyList<string> MultiInstanceCollections);
