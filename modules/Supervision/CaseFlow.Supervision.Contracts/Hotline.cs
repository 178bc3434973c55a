using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Workflow;

namespace CaseFlow.Supervision.Contracts;

/// <summary>How a hotline item was transferred to the department (rule 5): its reply limit follows from it.</summary>
public enum HotlineChannel
{
    /// <summary>电话转办: answered within 3 working days.</summary>
    Phone,

    /// <summary>书面转办: answered within 7 working days.</summary>
    Written,
}

/// <summary>Where a hotline ticket stands.</summary>
public enum HotlineTicketState
{
    /// <summary>转办: waiting for the handling department's written reply.</summary>
    Transferred,

    /// <summary>办结: the department replied and the ticket is closed.</summary>
    Closed,
}

/// <summary>
/// Registers a hotline call or letter and transfers it to the handling department on the <c>hotline-ticket</c> process;
/// a repeated <paramref name="RequestId"/> answers the ticket it registered first.
/// </summary>
public sealed record RegisterHotlineTicket(
    HotlineChannel? Channel,
    string CallerName,
    string? CallerPhone,
    string Subject,
    string Content,
    string HandlingDepartment,
    string? RequestId,
    string OperatorId,
    string OperatorName,
    string CenterCode) : IRequest<Result<HotlineTicketDto>>;

/// <summary>The handling department's written reply, given by one of its staff (<paramref name="StaffDepartment"/>); it closes the ticket.</summary>
public sealed record ReplyToHotlineTicket(string Number, string Reply, string StaffId, string StaffName, string? StaffDepartment) : IRequest<Result<HotlineTicketDto>>;

/// <summary>Reads one ticket; <paramref name="DepartmentOnly"/> restricts it to that department's tickets (an approver reading).</summary>
public sealed record GetHotlineTicket(string Number, string? DepartmentOnly = null) : IRequest<Result<HotlineTicketDto>>;

/// <summary>Every ticket, newest first, optionally one state or only the overdue ones; <paramref name="Before"/> is the last page's continuation token.</summary>
public sealed record ListHotlineTickets(HotlineTicketState? State, bool OverdueOnly, int Limit, string? Before = null) : IRequest<Page<HotlineTicketDto>>;

/// <summary>One department's tickets in a state, earliest due first.</summary>
public sealed record ListDepartmentHotlineTickets(string DepartmentCode, HotlineTicketState State, int Limit) : IRequest<IReadOnlyList<HotlineTicketDto>>;

/// <summary>The hotline's figures over the center's dates <paramref name="From"/> to <paramref name="To"/> inclusive.</summary>
public sealed record GetHotlineStatistics(string CenterCode, DateOnly From, DateOnly To) : IRequest<HotlineStatistics>;

/// <summary>
/// A hotline ticket as staff see it (the caller's phone masked). <see cref="Overdue"/> is true once the reply limit has
/// passed without a reply, or the reply came late.
/// </summary>
public sealed record HotlineTicketDto(
    Guid Id,
    string Number,
    HotlineChannel Channel,
    HotlineTicketState State,
    string CallerName,
    string? CallerPhone,
    string Subject,
    string Content,
    string DepartmentCode,
    string CenterCode,
    string RegisteredBy,
    DateTimeOffset RegisteredAt,
    int LimitWorkingDays,
    DateTimeOffset? DueAt,
    bool Overdue,
    DateTimeOffset? OverdueAt,
    string? Reply,
    string? RepliedBy,
    DateTimeOffset? RepliedAt,
    bool? RepliedOnTime,
    DateTimeOffset? ClosedAt);

/// <summary>
/// The hotline's figures (a city construction bureau reports 12,459 accepted, 12,422 completed, on-time feedback 100 %):
/// accepted = registered in the period, completed = closed in the period, on time = closed with the reply within its limit;
/// rates are fractions or null without a denominator. Per department as well as for the center.
/// </summary>
public sealed record HotlineStatistics(
    string CenterCode,
    DateOnly From,
    DateOnly To,
    HotlineFigures Center,
    IReadOnlyList<HotlineFigures> Departments);

/// <summary>One row of hotline figures; <see cref="Code"/> is the department, or the center for the total.</summary>
public sealed record HotlineFigures(
    string Code,
    int Accepted,
    int Completed,
    int CompletedOnTime,
    int Overdues,
    decimal? CompletionRate,
    decimal? OnTimeRate);

/// <summary>The hotline process's overdue step (<c>supervision.raiseOverdue</c>): a red alert in the ledger for the ticket.</summary>
[ServiceTask("supervision.raiseOverdue")]
public sealed record RaiseHotlineOverdue : ServiceTaskRequest;

/// <summary>The hotline process's closing step (<c>supervision.closeTicket</c>), run once the department replied.</summary>
[ServiceTask("supervision.closeTicket")]
public sealed record CloseHotlineTicket : ServiceTaskRequest;
