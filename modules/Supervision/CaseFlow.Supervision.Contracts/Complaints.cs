using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Supervision.Contracts;

/// <summary>How a complaint came in.</summary>
public enum ComplaintChannel
{
    /// <summary>现场: at the center.</summary>
    OnSite,

    /// <summary>电话: by phone.</summary>
    Phone,

    /// <summary>网上: the public form, no sign-in.</summary>
    Online,
}

/// <summary>How a complaint is handled (rule 5): simple ones at once, complex ones within a few working days, serious ones escalated.</summary>
public enum ComplaintSeverity
{
    Simple,
    Complex,
    Serious,
}

/// <summary>Where a complaint stands.</summary>
public enum ComplaintState
{
    Open,
    Escalated,
    Replied,
    Closed,
}

/// <summary>Registers a complaint taken on site or by phone, by the staff member who took it; a simple one carries its reply and is closed at once.</summary>
public sealed record RegisterComplaint(
    ComplaintChannel Channel,
    ComplaintSeverity Severity,
    string ComplainantName,
    string? ComplainantPhone,
    string? CaseNumber,
    string? DepartmentCode,
    string? WindowCode,
    string? StaffId,
    string Content,
    string? Reply,
    string? EscalateTo,
    string ReceivedBy,
    string CenterCode) : IRequest<Result<ComplaintDto>>;

/// <summary>A complaint from the public form: it gets the complex limit at once, so nothing waits without a clock.</summary>
public sealed record SubmitOnlineComplaint(
    string ComplainantName,
    string? ComplainantPhone,
    string? CaseNumber,
    string? DepartmentCode,
    string? WindowCode,
    string Content) : IRequest<Result<ComplaintDto>>;

/// <summary>Records the reply to an open or escalated complaint and stops its clock.</summary>
public sealed record ReplyToComplaint(string Number, string Reply, string By) : IRequest<Result<ComplaintDto>>;

/// <summary>Escalates an open complaint found to be serious.</summary>
public sealed record EscalateComplaint(string Number, string? To, string Reason, string By) : IRequest<Result<ComplaintDto>>;

/// <summary>Closes a replied complaint (the complainant was told and the matter is settled).</summary>
public sealed record CloseComplaint(string Number, string? Note, string By) : IRequest<Result<ComplaintDto>>;

/// <summary>Reads one complaint.</summary>
public sealed record GetComplaint(string Number) : IRequest<Result<ComplaintDto>>;

/// <summary>Complaints, newest first, optionally in one state; <paramref name="Before"/> is the last page's continuation token.</summary>
public sealed record ListComplaints(ComplaintState? State, int Limit, string? Before = null) : IRequest<Page<ComplaintDto>>;

/// <summary>A complaint as supervisors see it (the phone is masked).</summary>
public sealed record ComplaintDto(
    Guid Id,
    string Number,
    ComplaintChannel Channel,
    ComplaintSeverity Severity,
    ComplaintState State,
    string ComplainantName,
    string? ComplainantPhone,
    string? CaseNumber,
    string CenterCode,
    string? DepartmentCode,
    string? WindowCode,
    string? StaffId,
    string Content,
    string? ReceivedBy,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? WarnedAt,
    DateTimeOffset? OverdueAt,
    string? EscalatedTo,
    DateTimeOffset? EscalatedAt,
    string? Reply,
    string? RepliedBy,
    DateTimeOffset? RepliedAt,
    string? ClosedBy,
    DateTimeOffset? ClosedAt);
