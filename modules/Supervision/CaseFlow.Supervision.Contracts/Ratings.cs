using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Supervision.Contracts;

/// <summary>The five levels of 好差评; the last two are bad reviews.</summary>
public enum RatingLevel
{
    /// <summary>非常满意.</summary>
    VerySatisfied,

    /// <summary>满意.</summary>
    Satisfied,

    /// <summary>基本满意.</summary>
    BasicallySatisfied,

    /// <summary>不满意.</summary>
    Dissatisfied,

    /// <summary>非常不满意.</summary>
    VeryDissatisfied,
}

/// <summary>Where a bad review's rectification stands.</summary>
public enum RectificationState
{
    Open,
    Appealed,
    Rectified,
    AppealUpheld,
}

/// <summary>The applicant rates a completed case, proving who they are with the case number and the last 4 of their ID.</summary>
public sealed record RateCase(string CaseNumber, string IdLast4, RatingLevel Level, string? Comment) : IRequest<Result<RatingDto>>;

/// <summary>One case's rating and, for a bad review, its rectification.</summary>
public sealed record RatingDto(Guid Id, string CaseNumber, RatingLevel Level, string? Comment, DateTimeOffset RatedAt, RectificationDto? Rectification);

/// <summary>The department reports how it put a bad review right.</summary>
public sealed record RectifyBadReview(string CaseNumber, string Note, string By, string? ByDepartment) : IRequest<Result<RectificationDto>>;

/// <summary>The department appeals a bad review it holds unfounded.</summary>
public sealed record AppealBadReview(string CaseNumber, string Reason, string By, string? ByDepartment) : IRequest<Result<RectificationDto>>;

/// <summary>A supervisor upholds the appeal (the rectification is dropped) or rejects it (rectification goes on).</summary>
public sealed record DecideAppeal(string CaseNumber, bool Uphold, string Note, string By) : IRequest<Result<RectificationDto>>;

/// <summary>Ratings, newest first; only bad ones when <paramref name="BadOnly"/>.</summary>
public sealed record ListRatings(bool BadOnly, int Limit) : IRequest<IReadOnlyList<RatingDto>>;

/// <summary>A bad review's rectification as supervisors and the department see it.</summary>
public sealed record RectificationDto(
    Guid Id,
    string CaseNumber,
    string DepartmentCode,
    RectificationState State,
    DateTimeOffset OpenedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? WarnedAt,
    DateTimeOffset? OverdueAt,
    string? RectifiedBy,
    DateTimeOffset? RectifiedAt,
    string? RectificationNote,
    string? AppealedBy,
    DateTimeOffset? AppealedAt,
    string? AppealReason,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote);
