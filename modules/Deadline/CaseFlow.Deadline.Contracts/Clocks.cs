using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Deadline.Contracts;

/// <summary>Which limit a clock measures.</summary>
public enum ClockKind
{
    /// <summary>A case's committed limit (承诺时限), from its owner key <c>case:&lt;number&gt;:committed</c>.</summary>
    Committed,

    /// <summary>A case's statutory limit (法定时限), from its owner key <c>case:&lt;number&gt;:statutory</c>.</summary>
    Statutory,

    /// <summary>A department task's (stage's) own limit, from its owner key <c>task:&lt;guid&gt;</c>.</summary>
    Task,

    /// <summary>A complaint's reply limit (投诉办理时限), from its owner key <c>complaint:&lt;number&gt;</c>.</summary>
    Complaint,

    /// <summary>The limit to rectify after a bad review (差评整改), from its owner key <c>rectification:&lt;case number&gt;</c>.</summary>
    Rectification,
}

/// <summary>Where a clock stands.</summary>
public enum ClockState
{
    Running,
    Paused,
    Stopped,
}

/// <summary>Why a clock is paused: the periods the law does not count against the limit.</summary>
public enum PauseReason
{
    /// <summary>补正: the applicant supplements materials.</summary>
    Supplement,

    /// <summary>听证: a hearing.</summary>
    Hearing,

    /// <summary>专家评审: expert review.</summary>
    ExpertReview,

    /// <summary>检验检测 / 现场核查: inspection.</summary>
    Inspection,

    /// <summary>公示: public notice.</summary>
    PublicNotice,
}

/// <summary>The level of a deadline alert.</summary>
public enum AlertLevel
{
    /// <summary>预警 (黄牌): the limit is close.</summary>
    Warning,

    /// <summary>超时 (红牌): the limit has passed.</summary>
    Overdue,
}

/// <summary>Starts the clock of a case or department task at acceptance; idempotent for the same owner key, limit and calendar.</summary>
public sealed record StartClock(string OwnerKey, int LimitDays, DateTimeOffset? StartedAt = null, string Calendar = "CN") : IRequest<Result<ClockDto>>;

/// <summary>Pauses a running clock for a period the law does not count, citing the written notice given to the applicant.</summary>
public sealed record PauseClock(Guid ClockId, PauseReason Reason, string NoticeReference) : IRequest<Result<ClockDto>>;

/// <summary>Resumes a paused clock; the working days of the pause are added to its due moment.</summary>
public sealed record ResumeClock(Guid ClockId) : IRequest<Result<ClockDto>>;

/// <summary>Extends a clock once, with approval: by <paramref name="Days"/> working days, or when null by the configured extension (+10, +15 for joint handling by default), never by more.</summary>
public sealed record ExtendClock(Guid ClockId, bool Joint, string ApprovedBy, string Reason, int? Days = null) : IRequest<Result<ClockDto>>;

/// <summary>Stops a clock at completion.</summary>
public sealed record StopClock(Guid ClockId) : IRequest<Result<ClockDto>>;

/// <summary>Reads a clock with its pauses and extension.</summary>
public sealed record GetClock(Guid ClockId) : IRequest<Result<ClockDto>>;

/// <summary>How much of its limit a clock had used at a moment (usually its completion): working days counted as the clock counts them, pauses left out.</summary>
public sealed record MeasureClock(string OwnerKey, DateTimeOffset At) : IRequest<ClockUsage?>;

/// <summary>The working days a clock had used at <paramref name="At"/> against its limit (extension included), and whether it was still within it.</summary>
public sealed record ClockUsage(Guid ClockId, string OwnerKey, int LimitDays, int ExtensionDays, int UsedWorkingDays, DateTimeOffset DueAt, DateTimeOffset At, bool WithinLimit);

/// <summary>A clock as window staff and supervisors see it; while paused, <see cref="DueAt"/> is the earliest the clock can fall due.</summary>
public sealed record ClockDto(
    Guid Id,
    string OwnerKey,
    ClockKind Kind,
    string Calendar,
    ClockState State,
    int LimitDays,
    int ExtensionDays,
    DateTimeOffset StartedAt,
    DateTimeOffset WarnAt,
    DateTimeOffset DueAt,
    DateTimeOffset? StoppedAt,
    DateTimeOffset? WarnedAt,
    DateTimeOffset? OverdueAt,
    IReadOnlyList<ClockPauseDto> Pauses,
    ClockExtensionDto? Extension);

/// <summary>One pause interval with its reason and the written notice it rests on; <see cref="ResumedAt"/> is null while it lasts.</summary>
public sealed record ClockPauseDto(PauseReason Reason, string NoticeReference, DateTimeOffset PausedAt, DateTimeOffset? ResumedAt);

/// <summary>The one approved extension of a clock.</summary>
public sealed record ClockExtensionDto(int Days, bool Joint, string ApprovedBy, string Reason, DateTimeOffset ExtendedAt);

/// <summary>A clock crossed its yellow threshold (预警); delivered at least once, so handlers must be idempotent.</summary>
public sealed record ClockWarned(Guid ClockId, string OwnerKey, DateTimeOffset WarnAt, DateTimeOffset DueAt) : INotification;

/// <summary>A clock passed its due moment (超时); delivered at least once, so handlers must be idempotent.</summary>
public sealed record ClockOverdue(Guid ClockId, string OwnerKey, DateTimeOffset DueAt) : INotification;

/// <summary>Raises now every warning and overdue alert whose threshold has passed, as the scheduler's next sweeps would; returns how many.</summary>
public sealed record RaiseDueAlerts : IRequest<int>;
