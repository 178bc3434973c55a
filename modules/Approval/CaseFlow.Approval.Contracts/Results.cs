using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Workflow;

namespace CaseFlow.Approval.Contracts;

/// <summary>How an approval ended.</summary>
public enum ApprovalResult
{
    /// <summary>准予许可: the licence is granted and the result delivered (出证).</summary>
    Approved,

    /// <summary>不予许可: refused with reasons and a legal basis.</summary>
    Refused,
}

/// <summary>A case's approval ended and its result was recorded: the case is completed (办结).</summary>
public sealed record CaseCompleted(string CaseNumber, ApprovalResult Result, string? Reasons, string? LegalBasis, DateTimeOffset CompletedAt) : INotification;

/// <summary>The workflow step that records an approved case's result and delivers it (送达审批结果).</summary>
[ServiceTask("approval.deliverResult")]
public sealed record DeliverResult : ServiceTaskRequest;

/// <summary>The workflow step that records a refusal with its reasons and legal basis (不予许可).</summary>
[ServiceTask("approval.refuseCase")]
public sealed record RefuseCase : ServiceTaskRequest;
