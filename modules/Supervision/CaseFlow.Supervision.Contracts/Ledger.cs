using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Supervision.Contracts;

/// <summary>What a ledger entry records.</summary>
public enum LedgerEntryKind
{
    /// <summary>预警 (黄牌): a limit is close.</summary>
    Warning,

    /// <summary>超时 (红牌): a limit has passed.</summary>
    Overdue,

    /// <summary>A second deficiency notice issued under a supervisor's override.</summary>
    SecondNoticeOverride,

    /// <summary>A refusal for a reason the single notice did not list, under a supervisor's override.</summary>
    RefusalOverride,

    /// <summary>A transfer its receiver did not acknowledge in time.</summary>
    UnacknowledgedTransfer,

    /// <summary>Neither acceptance nor notice within 5 working days: the case counts as accepted (Administrative Licensing Law art. 32).</summary>
    DeemedAcceptance,

    /// <summary>A serious complaint escalated to the center's leadership or a higher authority.</summary>
    ComplaintEscalated,

    /// <summary>A bad review (不满意 / 非常不满意) that opened a rectification.</summary>
    BadRating,

    /// <summary>A special procedure (hearing, expert review, inspection, public notice) paused or resumed a case's clocks: a monitored node.</summary>
    SpecialProcedure,

    /// <summary>A case's one extension of its limit, approved by the lead approver or a supervisor: a monitored node.</summary>
    CaseExtension,
}

/// <summary>Where a ledger entry stands.</summary>
public enum LedgerEntryState
{
    Open,
    Acknowledged,
    Rectified,
}

/// <summary>Records an alert or violation for supervision; idempotent on <paramref name="SourceKey"/> (one entry per source event, ever).</summary>
public sealed record RecordLedgerEntry(
    LedgerEntryKind Kind,
    string SourceKey,
    string SubjectType,
    string SubjectId,
    string? Actor,
    string Summary,
    DateTimeOffset OccurredAt) : IRequest<LedgerEntryDto>;

/// <summary>An alert or violation as supervisors see it.</summary>
public sealed record LedgerEntryDto(
    Guid Id,
    LedgerEntryKind Kind,
    string SubjectType,
    string SubjectId,
    string? Actor,
    string Summary,
    DateTimeOffset OccurredAt,
    LedgerEntryState State,
    DateTimeOffset? AcknowledgedAt = null,
    string? AcknowledgedBy = null,
    DateTimeOffset? RectifiedAt = null,
    string? RectifiedBy = null,
    string? RectificationNote = null);
