using CaseFlow.Supervision.Contracts;

namespace CaseFlow.Supervision.Persistence;

internal sealed class Complaint
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public required string Number { get; init; }

    public ComplaintChannel Channel { get; init; }

    public ComplaintSeverity Severity { get; set; }

    public ComplaintState State { get; set; }

    public required string ComplainantName { get; init; }

    public string? ComplainantPhone { get; init; }

    public string? CaseNumber { get; init; }

    public required string CenterCode { get; init; }

    public string? DepartmentCode { get; init; }

    public string? WindowCode { get; init; }

    public string? StaffId { get; init; }

    public required string Content { get; init; }

    public string? ReceivedBy { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset? DueAt { get; set; }

    public Guid? ClockId { get; set; }

    public DateTimeOffset? WarnedAt { get; set; }

    public DateTimeOffset? OverdueAt { get; set; }

    public string? EscalatedTo { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public string? EscalatedBy { get; set; }

    public string? EscalationReason { get; set; }

    public string? Reply { get; set; }

    public string? RepliedBy { get; set; }

    public DateTimeOffset? RepliedAt { get; set; }

    public string? ClosedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? CloseNote { get; set; }

    public ComplaintDto ToDto() => new(
        Id, Number, Channel, Severity, State, ComplainantName, Masking.Phone(ComplainantPhone), CaseNumber, CenterCode, DepartmentCode, WindowCode,
        StaffId, Content, ReceivedBy, ReceivedAt, DueAt, WarnedAt, OverdueAt, EscalatedTo, EscalatedAt, Reply, RepliedBy, RepliedAt, ClosedBy, ClosedAt);
}

internal sealed class CaseFact
{
    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public required string CenterCode { get; init; }

    public required string DepartmentCode { get; init; }

    public string? WindowCode { get; init; }

    public required string StaffId { get; init; }

    public required string StaffName { get; init; }

    public DateTimeOffset AcceptedAt { get; init; }

    public int CommittedDays { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public DateOnly? CompletedOn { get; init; }

    public bool? OnTime { get; init; }

    public int? UsedDays { get; init; }

    public DateTimeOffset? OverdueAt { get; init; }
}

internal sealed class Rating
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public RatingLevel Level { get; init; }

    public string? Comment { get; init; }

    public DateTimeOffset RatedAt { get; init; }
}

internal sealed class Rectification
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public Guid RatingId { get; init; }

    public required string CaseNumber { get; init; }

    public required string DepartmentCode { get; init; }

    public RectificationState State { get; set; }

    public DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset DueAt { get; set; }

    public Guid? ClockId { get; set; }

    public DateTimeOffset? WarnedAt { get; set; }

    public DateTimeOffset? OverdueAt { get; set; }

    public string? RectifiedBy { get; set; }

    public DateTimeOffset? RectifiedAt { get; set; }

    public string? RectificationNote { get; set; }

    public string? AppealedBy { get; set; }

    public DateTimeOffset? AppealedAt { get; set; }

    public string? AppealReason { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }

    public RectificationDto ToDto() => new(
        Id, CaseNumber, DepartmentCode, State, OpenedAt, DueAt, WarnedAt, OverdueAt, RectifiedBy, RectifiedAt, RectificationNote,
        AppealedBy, AppealedAt, AppealReason, DecidedBy, DecidedAt, DecisionNote);
}

internal sealed class ReturnVisit
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public DateOnly Day { get; init; }

    public required string CaseNumber { get; init; }

    public required string CenterCode { get; init; }

    public required string DepartmentCode { get; init; }

    public string? WindowCode { get; init; }

    public required string StaffId { get; init; }

    public ReturnVisitState State { get; set; }

    public RatingLevel? Satisfaction { get; set; }

    public string? Note { get; set; }

    public string? CalledBy { get; set; }

    public DateTimeOffset? CalledAt { get; set; }

    public ReturnVisitDto ToDto() => new(Id, Day, CaseNumber, DepartmentCode, WindowCode, StaffId, State, Satisfaction, Note, CalledBy, CalledAt);
}

internal static class Masking
{
    /// <summary>138****5678, as everywhere else in CaseFlow.</summary>
    public static string? Phone(string? phone) =>
        phone is { Length: >= 7 } ? string.Concat(phone.AsSpan(0, 3), new string('*', phone.Length - 7), phone.AsSpan(phone.Length - 4)) : phone is null ? null : "****";
}

/// <summary>The center's dates: China Standard Time, no daylight saving.</summary>
internal static class CenterDate
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);
}
