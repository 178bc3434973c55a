using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Approval.Contracts;

/// <summary>Where a department's review of a case stands.</summary>
public enum DepartmentTaskState
{
    Opened,
    Claimed,
    Approved,
    Rejected,
    SupplementRequested,
}

/// <summary>One department's review of a case, as its inbox lists it.</summary>
public sealed record DepartmentTaskDto(Guid Id, string CaseNumber, string DepartmentCode, DepartmentTaskState State, DateTimeOffset DueAt, DateTimeOffset OpenedAt);

/// <summary>Opens a review task for a department (sent by routing when a case reaches the department); idempotent per case and department.</summary>
public sealed record OpenDepartmentTask(string CaseNumber, string DepartmentCode, DateTimeOffset DueAt) : IRequest<DepartmentTaskDto>;
