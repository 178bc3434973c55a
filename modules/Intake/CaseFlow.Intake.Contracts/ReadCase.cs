using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Intake.Contracts;

public sealed record ApplicantView(ApplicantKind Kind, string Name, string? IdNumber, string? CreditCode, string Phone, bool Masked);

public sealed record NoticeView(int Sequence, NoticeStage Stage, IReadOnlyList<NoticeItem> Items, DateTimeOffset IssuedAt, bool UnderOverride);

public sealed record CaseView(
    string ReceptionNumber,
    string? CaseNumber,
    CaseState State,
    bool Deemed,
    string ServiceItemCode,
    int ServiceItemVersion,
    string ServiceItemName,
    ApplicantView Applicant,
    IReadOnlyList<MaterialRequirement> RequiredMaterials,
    IReadOnlyList<CaseMaterial> MaterialsHeld,
    IReadOnlyList<NoticeItem> Deficiencies,
    IReadOnlyList<NoticeView> Notices,
    RefusalRecord? Refusal,
    string FirstContact,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? AcceptedAt,
    DateOnly? CommittedDate,
    Guid? ProcessInstanceId);

public sealed record ReadCase(string Reference, Actor Actor, bool Unmask) : IRequest<Result<CaseView>>;
