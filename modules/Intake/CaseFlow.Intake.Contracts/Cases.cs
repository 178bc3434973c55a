using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Intake.Contracts;

/// <summary>
/// A case was accepted (受理), by a clerk or deemed by law (Administrative Licensing Law art. 32): its clock starts and it
/// goes to its lead department and co-departments.
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
    bool Deemed) : INotification;
