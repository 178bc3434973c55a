using CaseFlow.Supervision.Contracts;

namespace CaseFlow.Supervision.Persistence;

/// <summary>A hotline ticket: the call or letter, where it was transferred, its process, and the department's reply.</summary>
internal sealed class HotlineTicket
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public required string Number { get; init; }

    public HotlineChannel Channel { get; init; }

    public HotlineTicketState State { get; set; }

    public required string CallerName { get; init; }

    public string? CallerPhone { get; init; }

    public required string Subject { get; init; }

    public required string Content { get; init; }

    public required string DepartmentCode { get; init; }

    public required string CenterCode { get; init; }

    public required string RegisteredBy { get; init; }

    public required string RegisteredById { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    public string? RequestId { get; init; }

    public int LimitWorkingDays { get; init; }

    public Guid? InstanceId { get; set; }

    public string? ReplyTaskId { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? OverdueAt { get; set; }

    public string? Reply { get; set; }

    public string? RepliedBy { get; set; }

    public string? RepliedById { get; set; }

    public DateTimeOffset? RepliedAt { get; set; }

    public bool? RepliedOnTime { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Overdue once the limit passed without a reply (even before the process's timer has run), or the reply came late.</summary>
    public bool IsOverdue(DateTimeOffset now) =>
        OverdueAt is not null || RepliedOnTime == false || (RepliedAt is null && State == HotlineTicketState.Transferred && DueAt is { } due && now > due);

    public HotlineTicketDto ToDto(DateTimeOffset now) => new(
        Id, Number, Channel, State, CallerName, Masking.Phone(CallerPhone), Subject, Content, DepartmentCode, CenterCode, RegisteredBy, RegisteredAt,
        LimitWorkingDays, DueAt, IsOverdue(now), OverdueAt, Reply, RepliedBy, RepliedAt, RepliedOnTime, ClosedAt);
}
