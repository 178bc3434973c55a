using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Approval.Contracts;

/// <summary>Where a department's task on a case stands; the process decides what opens, the module records what was signed.</summary>
public enum DepartmentTaskState
{
    Opened,
    Claimed,
    Approved,
    Rejected,
    SupplementRequested,
    Distributed,
    Refused,

    /// <summary>The process closed the task without a sign-off here (completed elsewhere, or its branch ended).</summary>
    Closed,
}

/// <summary>What a department task asks of the department.</summary>
public enum DepartmentTaskKind
{
    /// <summary>The lead department distributes the case to the co-departments.</summary>
    Distribution,

    /// <summary>A department reviews the case and gives its opinion.</summary>
    Review,

    /// <summary>The lead department collects the opinions and decides.</summary>
    Decision,
}

/// <summary>One department task of a case, as its inbox lists it.</summary>
public sealed record DepartmentTaskDto(
    Guid Id,
    string CaseNumber,
    string DepartmentCode,
    DepartmentTaskKind Kind,
    DepartmentTaskState State,
    DateTimeOffset DueAt,
    DateTimeOffset OpenedAt,
    string? ClaimedBy,
    DateTimeOffset? ClaimedAt);

/// <summary>
/// Tells Approval that the window recorded the applicant's supplement and the review that asked for it has resumed
/// (Intake correlates it to that process instance): the reopened review is mirrored into the inbox and the case clock
/// runs again. False when the case has no approval.
/// </summary>
public sealed record RecordSupplementReceived(string CaseNumber) : IRequest<bool>;
