using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Intake.Contracts;

public enum InquiryState
{
    Open,
    TransferPending,
    Answered,
}

public enum TransferTarget
{
    Window,
    Department,
    Person,
}

public sealed record PersonView(string Id, string Name);

public sealed record TransferView(
    Guid Id,
    PersonView From,
    TransferTarget ToKind,
    string To,
    string Reason,
    DateTimeOffset RequestedAt,
    DateTimeOffset AcknowledgeDueAt,
    PersonView? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? EscalatedAt)
{
    /// <summary>The inquiry handed over, so a receiver's list can link to it and acknowledge it.</summary>
    public Guid InquiryId { get; init; }
}

/// <summary>An inquiry with its one accountable person and the whole chain of handovers.</summary>
public sealed record InquiryView(
    Guid Id,
    string Subject,
    string Question,
    string? ApplicantName,
    InquiryState State,
    PersonView RecordedBy,
    DateTimeOffset RecordedAt,
    PersonView Accountable,
    string? Answer,
    DateTimeOffset? AnsweredAt,
    IReadOnlyList<TransferView> Transfers);

public sealed record RecordInquiryBody(string? Subject, string? Question, string? ApplicantName);

public sealed record AnswerInquiryBody(string? Answer);

public sealed record TransferInquiryBody(string? ToKind, string? To, string? Reason);

public sealed record RecordInquiry(Actor Actor, RecordInquiryBody Body) : IRequest<Result<InquiryView>>;

public sealed record ReadInquiry(Guid Id) : IRequest<Result<InquiryView>>;

public sealed record AnswerInquiry(Guid Id, Actor Actor, AnswerInquiryBody Body) : IRequest<Result<InquiryView>>;

public sealed record TransferInquiry(Guid Id, Actor Actor, TransferInquiryBody Body) : IRequest<Result<InquiryView>>;

public sealed record AcknowledgeTransfer(Guid Id, Guid TransferId, Actor Actor) : IRequest<Result<InquiryView>>;

public sealed record ListTransfersWaitingFor(Actor Actor) : IRequest<IReadOnlyList<TransferView>>;

/// <summary>An inquiry in a staff member's list of open matters.</summary>
public sealed record OpenInquiryView(Guid Id, string Subject, string? ApplicantName, InquiryState State, DateTimeOffset RecordedAt);

/// <summary>Rule 1 (首问负责): the inquiries a staff member is accountable for and has not answered yet, oldest first.</summary>
public sealed record ListOpenInquiriesOf(string AccountableId, int Limit) : IRequest<IReadOnlyList<OpenInquiryView>>;
