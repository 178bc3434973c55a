using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Intake.Contracts;

/// <summary>
/// A case was accepted (受理), by a clerk or deemed by law (Administrative Licensing Law art. 32): its clock starts and it
/// goes to its lead department and co-departments. <paramref name="FirstContactId"/> is the staff member who received
/// it (首问责任人): accountable for it until a transfer is acknowledged; <paramref name="Window"/> is their window, if any.
/// <paramref name="Workflow"/> is the process the case runs on, from the item version it was registered under
/// (<see cref="CaseWorkflows.For"/>); empty only in events written before it was carried (then the default applies).
/// </summary>
public sealed record CaseAccepted(
    string CaseNumber,
    string ServiceItemCode,
    int ServiceItemVersion,
    CaseType CaseType,
    string LeadDepartment,
    IReadOnlyList<string> CoDepartments,
    int CommittedLimitDays,
    int StatutoryLimitDays,
    DateTimeOffset AcceptedAt,
    bool Deemed,
    string CenterCode,
    string FirstContactId,
    string FirstContactName,
    string? Window,
    string Workflow = "") : INotification;

/// <summary>
/// Whether the applicant of an accepted case is the one asking: the case number and the last 4 characters of the
/// applicant's ID, checked as the public progress lookup checks them. Null when either does not match.
/// </summary>
public sealed record VerifyCaseApplicant(string CaseNumber, string IdLast4) : IRequest<VerifiedCase?>;

/// <summary>An accepted case whose applicant proved who they are; nothing about the applicant.</summary>
public sealed record VerifiedCase(string CaseNumber, string ServiceItemCode, string CenterCode);
