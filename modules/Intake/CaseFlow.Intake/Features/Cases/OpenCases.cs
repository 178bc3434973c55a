using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Cases;

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
