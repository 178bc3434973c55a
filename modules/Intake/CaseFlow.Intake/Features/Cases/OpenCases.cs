using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Cases;

/// <summary>A case as its first contact's "my open items" lists it: no personal data beyond the applicant's name.</summary>
internal sealed record OpenCaseView(
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
internal sealed record ListOpenCasesOf(string FirstContactId, int Limit) : IRequest<IReadOnlyList<OpenCaseView>>;

internal sealed class ListOpenCasesOfHandler(IntakeDbContext db) : IRequestHandler<ListOpenCasesOf, IReadOnlyList<OpenCaseView>>
{
    public async Task<IReadOnlyList<OpenCaseView>> Handle(ListOpenCasesOf request, CancellationToken cancellationToken)
    {
        // The list reads no payload column (the item snapshot, the materials): the item's name comes from the catalogue.
        var rows = await db.Cases.AsNoTracking()
            .Where(c => c.RegionCode == IntakeModule.DefaultRegion && c.FirstContactId == request.FirstContactId && c.State != CaseState.Refused)
            .OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.Id)
            .Take(Math.Clamp(request.Limit, 1, 200))
            .Select(c => new { c.ReceptionNumber, c.CaseNumber, c.State, c.ServiceItemCode, c.ApplicantName, c.ReceivedAt, c.AcceptedAt, c.CommittedDate })
            .ToListAsync(cancellationToken);
        var codes = rows.Select(r => r.ServiceItemCode).Distinct().ToList();
        var names = await db.ServiceItems.AsNoTracking()
            .Where(i => i.RegionCode == IntakeModule.DefaultRegion && codes.Contains(i.Code))
            .Select(i => new { i.Code, i.Name })
            .ToDictionaryAsync(i => i.Code, i => i.Name, cancellationToken);
        return [.. rows.Select(r => new OpenCaseView(
            r.ReceptionNumber, r.CaseNumber, r.State, names.GetValueOrDefault(r.ServiceItemCode, r.ServiceItemCode), r.ApplicantName, r.ReceivedAt, r.AcceptedAt, r.CommittedDate))];
    }
}
