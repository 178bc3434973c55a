using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Approval.Contracts;

/// <summary>A special procedure the law does not count against a case's limits (rule 3; Administrative Licensing Law art. 45).</summary>
public enum SpecialProcedureKind
{
    /// <summary>听证: a hearing.</summary>
    Hearing,

    /// <summary>专家评审: expert review.</summary>
    ExpertReview,

    /// <summary>检验检测 / 现场核查: inspection.</summary>
    Inspection,

    /// <summary>公示: public notice.</summary>
    PublicNotice,
}

/// <summary>Where a case's one extension request stands.</summary>
public enum ExtensionState
{
    Requested,
    Approved,
    Denied,
}

/// <summary>
/// Starts a special procedure on a case (kind <c>hearing</c>, <c>expert-review</c>, <c>inspection</c> or
/// <c>public-notice</c>): both case clocks pause; one procedure open at a time. For an approver of a department working
/// the case, or the lead approver.
/// </summary>
public sealed record StartSpecialProcedure(string CaseNumber, Actor Actor, string? Kind, string? NoticeReference, int? PlannedWorkingDays, string? Reason)
    : IRequest<Result<SpecialProcedureDto>>;

/// <summary>Ends the case's open special procedure: both case clocks resume, and the working days of the pause move their due moments.</summary>
public sealed record EndSpecialProcedure(string CaseNumber, Actor Actor) : IRequest<Result<SpecialProcedureDto>>;

/// <summary>A department approver asks for the case's one extension of its committed limit, in working days, with the reason the applicant will be told.</summary>
public sealed record RequestExtension(string CaseNumber, Actor Actor, int? WorkingDays, string? Reason) : IRequest<Result<CaseExtensionDto>>;

/// <summary>The lead approver or a supervisor approves or denies the pending extension request (the signed-in actor is who decided).</summary>
public sealed record DecideExtension(string CaseNumber, Actor Actor, bool? Approve, string? Note) : IRequest<Result<CaseExtensionDto>>;

/// <summary>A case's clocks with their pauses and extension, its special procedures and extension requests; for the departments of the case and supervisors.</summary>
public sealed record ReadCaseClocks(string CaseNumber, Actor Actor) : IRequest<Result<CaseClocksView>>;

/// <summary>The public state of a case's committed clock (progress lookup): its due moment with pauses and extension, and what it is paused for. Null when the case has no clock.</summary>
public sealed record GetCaseClockSummary(string CaseNumber) : IRequest<CaseClockSummary?>;

/// <summary>A special procedure of a case; <see cref="EndedAt"/> is null while it lasts.</summary>
public sealed record SpecialProcedureDto(
    Guid Id,
    string CaseNumber,
    SpecialProcedureKind Kind,
    string NoticeReference,
    int? PlannedWorkingDays,
    string Reason,
    string StartedBy,
    string StartedByName,
    DateTimeOffset StartedAt,
    string? EndedBy,
    string? EndedByName,
    DateTimeOffset? EndedAt,
    DateTimeOffset? CommittedDueAt);

/// <summary>A case's extension request and its decision.</summary>
public sealed record CaseExtensionDto(
    Guid Id,
    string CaseNumber,
    int WorkingDays,
    string Reason,
    ExtensionState State,
    string RequestedBy,
    string RequestedByName,
    string RequestedByDepartment,
    DateTimeOffset RequestedAt,
    string? DecidedBy,
    string? DecidedByName,
    DateTimeOffset? DecidedAt,
    string? DecisionNote,
    bool StatutoryExtended,
    DateTimeOffset? CommittedDueAt);

/// <summary>One pause of a case clock: why (<c>Supplement</c>, <c>Hearing</c>, <c>ExpertReview</c>, <c>Inspection</c>, <c>PublicNotice</c>), the written notice, and when.</summary>
public sealed record CaseClockPause(string Reason, string NoticeReference, DateTimeOffset PausedAt, DateTimeOffset? ResumedAt);

/// <summary>A case clock (<c>committed</c> or <c>statutory</c>) as the case's staff see it; while paused, <see cref="DueAt"/> is the earliest it can fall due.</summary>
public sealed record CaseClock(
    Guid Id,
    string Limit,
    string State,
    int LimitDays,
    int ExtensionDays,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    IReadOnlyList<CaseClockPause> Pauses,
    string? ExtensionApprovedBy,
    DateTimeOffset? ExtendedAt);

/// <summary>A case's clocks, special procedures (the open one first, then newest first) and extension requests (the pending or granted one first, then newest first).</summary>
public sealed record CaseClocksView(
    string CaseNumber,
    string LeadDepartment,
    CaseClock? Committed,
    CaseClock? Statutory,
    IReadOnlyList<SpecialProcedureDto> SpecialProcedures,
    IReadOnlyList<CaseExtensionDto> Extensions);

/// <summary>What the public may know of a case's committed clock: due when, paused for what (<c>Supplement</c> or a special procedure kind), extended by how many working days.</summary>
public sealed record CaseClockSummary(DateTimeOffset CommittedDueAt, string State, string? PausedFor, int ExtensionDays);
