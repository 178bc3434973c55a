using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Workflow;
using CaseFlow.Workflow.Persistence;
using Npgsql;

namespace CaseFlow.Host.Workflows;

/// <summary>The modules' way into the workflow runtime: they send Kernel requests, the Host answers them here.</summary>
internal sealed class StartProcessHandler(WorkflowRuntime runtime) : IRequestHandler<StartProcess, ProcessStepResult>
{
    public async Task<ProcessStepResult> Handle(StartProcess request, CancellationToken cancellationToken) =>
        (await runtime.StartAsync(request.DefinitionKey, request.Variables, request.BusinessKey, request.IdempotencyKey, cancellationToken)).ToResult();
}

internal sealed class CompleteProcessTaskHandler(WorkflowRuntime runtime) : IRequestHandler<CompleteProcessTask, ProcessStepResult>
{
    public async Task<ProcessStepResult> Handle(CompleteProcessTask request, CancellationToken cancellationToken) =>
        (await runtime.CompleteTaskAsync(request.InstanceId, request.TaskId, request.Actor, request.Outcome, request.Variables, request.IdempotencyKey, cancellationToken)).ToResult();
}

internal sealed class CorrelateProcessMessageHandler(WorkflowRuntime runtime) : IRequestHandler<CorrelateProcessMessage, ProcessStepResult>
{
    public async Task<ProcessStepResult> Handle(CorrelateProcessMessage request, CancellationToken cancellationToken) =>
        (request.InstanceId is { } instanceId
            ? await runtime.CorrelateMessageAsync(instanceId, request.MessageName, request.Variables, request.IdempotencyKey, cancellationToken)
            : await runtime.CorrelateMessageAsync(request.BusinessKey, request.MessageName, request.Variables, request.IdempotencyKey, cancellationToken)).ToResult();
}

internal sealed class GetProcessStateHandler(WorkflowRuntime runtime, NpgsqlDataSource dataSource) : IRequestHandler<GetProcessState, ProcessState?>
{
    public async Task<ProcessState?> Handle(GetProcessState request, CancellationToken cancellationToken)
    {
        var id = request.InstanceId;
        if (id is null)
        {
            await using var command = dataSource.CreateCommand(
                "SELECT id FROM workflow.instances WHERE business_key = $1 ORDER BY started_at DESC, id DESC LIMIT 1");
            command.Parameters.Add(new NpgsqlParameter { Value = request.BusinessKey });
            id = await command.ExecuteScalarAsync(cancellationToken) as Guid?;
        }

        if (id is null || await runtime.GetInstanceAsync(id.Value, cancellationToken) is not { } instance)
        {
            return null;
        }

        return new ProcessState(
            instance.Id,
            instance.DefinitionKey,
            instance.DefinitionVersion,
            instance.Status.ToString(),
            instance.State.ClockPaused,
            instance.ActiveElements,
            [.. instance.State.Tasks.Select(t => new ProcessTask(t.Id, t.ElementId, t.Name, t.Assignee, t.CandidateRole, t.CandidateDepartment, t.DueAt, t.PausesClock, t.LoopCounter))],
            instance.StartedAt,
            instance.EndedAt);
    }
}

internal sealed class GetProcessDefinitionHandler(WorkflowRuntime runtime) : IRequestHandler<GetProcessDefinition, ProcessDefinitionOutline?>
{
    public async Task<ProcessDefinitionOutline?> Handle(GetProcessDefinition request, CancellationToken cancellationToken) =>
        await runtime.GetNewestDefinitionAsync(request.Key, cancellationToken) is var (version, definition)
            ? new ProcessDefinitionOutline(definition.Id, version, definition.Name, definition.CandidateDepartments, definition.MultiInstanceCollections)
            : null;
}

internal static class TriggerOutcomeExtensions
{
    public static ProcessStepResult ToResult(this TriggerOutcome outcome) =>
        new(outcome.InstanceId, outcome.Applied, outcome.Error, outcome.Status?.ToString(), outcome.ActiveElements);
}
