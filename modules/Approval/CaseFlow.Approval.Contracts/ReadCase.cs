using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Approval.Contracts;

public sealed record OpinionView(string DepartmentCode, DepartmentTaskKind Kind, string Outcome, string Opinion, string? Reasons, string? LegalBasis, string SignedBy, DateTimeOffset SignedAt);

public sealed record BranchView(string DepartmentCode, bool Lead, DepartmentTaskKind? Kind, DepartmentTaskState? State, DateTimeOffset? DueAt, string? ClaimedBy);

/// <summary>
/// The joined view of a case's approval (rule 4): every department's state for each department of the case; every
/// opinion for the lead department and supervision, a co-department's own opinions for a co-department.
/// </summary>
public sealed record ApprovalCaseView(
    string CaseNumber,
    string ServiceItemCode,
    string ProcessKey,
    string LeadDepartment,
    IReadOnlyList<string> CoDepartments,
    DateTimeOffset CommittedDueAt,
    string? ProcessStatus,
    bool ClockPaused,
    IReadOnlyList<string> ActiveSteps,
    ApprovalResult? Result,
    string? Reasons,
    string? LegalBasis,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<BranchView> Branches,
    IReadOnlyList<OpinionView> Opinions,
    Guid? CommittedClockId,
    Guid? StatutoryClockId);

public sealed record ReadApprovalCase(string CaseNumber, Actor Actor) : IRequest<Result<ApprovalCaseView>>;
