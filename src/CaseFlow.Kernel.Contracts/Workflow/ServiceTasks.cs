using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Kernel.Workflow;

/// <summary>Names the BPMN service-task handler (<c>caseflow:handler</c>) a <see cref="ServiceTaskRequest"/> answers.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ServiceTaskAttribute(string handler) : Attribute
{
    public string Handler { get; } = handler;
}

/// <summary>
/// A workflow service task sent to the module that answers it. Delivery is at least once: a handler must be idempotent
/// on <see cref="JobId"/>, because the trigger that ran it may be retried.
/// </summary>
public abstract record ServiceTaskRequest : IRequest<ServiceTaskResult>
{
    public required Guid InstanceId { get; init; }

    public string? BusinessKey { get; init; }

    public required string JobId { get; init; }

    public required string ElementId { get; init; }

    /// <summary>The case variables visible to the task, as JSON-like values.</summary>
    public required IReadOnlyDictionary<string, object?> Variables { get; init; }
}

/// <summary>What a service task gives back to the process: variables to set on the case, or none.</summary>
public sealed record ServiceTaskResult(IReadOnlyDictionary<string, object?>? Variables)
{
    public static readonly ServiceTaskResult None = new((IReadOnlyDictionary<string, object?>?)null);
}
