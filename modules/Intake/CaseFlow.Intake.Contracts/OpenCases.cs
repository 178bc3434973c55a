using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Intake.Contracts;

/// <summary>A case as its first contact's "my open items" lists it: no personal data beyond the applicant's name.</summary>
public sealed record OpenCaseView(
    string ReceptionNumber,
    string? CaseNumber,
    CaseState State,
    string ServiceItemName,
    string ApplicantName,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? AcceptedAt,
    DateOnly? CommittedDate);

/// <summary>
/// Rule 1 (首问负责): the cases a clerk received and is accountable for at the window, newest first: those still waiting
/// for the decision at intake and those accepted (the caller asks the process whether an accepted one has ended).
/// </summary>
public sealed record ListOpenCasesOf(string FirstContactId, int Limit) : IRequest<IReadOnlyList<OpenCaseView>>;
