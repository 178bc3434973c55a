using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Intake.Contracts;

/// <summary>Rule 6 (政务公开): anyone with the case number and the last 4 characters of the applicant's ID may follow the case.</summary>
public sealed record LookUpProgress(string CaseNumber, string IdLast4) : IRequest<Result<ProgressView>>;

public sealed record DepartmentProgress(string Department, bool Lead, string State);

/// <summary>The public view of a case: its progress, nothing about the applicant.</summary>
public sealed record ProgressView(
    string? CaseNumber,
    string ReceptionNumber,
    string ServiceItemName,
    CaseState State,
    bool Deemed,
    string CurrentStep,
    IReadOnlyList<DepartmentProgress> Departments,
    DateOnly? AcceptedOn,
    DateOnly? CommittedDate,
    string? ClockPausedFor = null,
    int ClockExtensionDays = 0);
