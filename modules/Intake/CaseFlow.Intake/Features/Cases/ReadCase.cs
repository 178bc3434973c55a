using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Cases;

/// <summary>Builds the <see cref="CaseView"/> the contracts define from the module's rows.</summary>
internal static class CaseViews
{
    extension(CaseView)
    {
        public static CaseView Of(IntakeCase c, IEnumerable<DeficiencyNotice> notices, bool unmasked) => new(
            c.ReceptionNumber,
            c.CaseNumber,
            c.State,
            c.Deemed,
            c.ServiceItemCode,
            c.ServiceItemVersion,
            c.ServiceItem.Name,
            new ApplicantView(
                c.ApplicantKind,
                c.ApplicantName,
                unmasked ? c.ApplicantIdNumber : Masking.ResidentId(c.ApplicantIdNumber),
                // A credit code is public registration data (printed on the business licence): never masked.
                c.ApplicantCreditCode,
                unmasked ? c.ApplicantPhone : Masking.Phone(c.ApplicantPhone),
                !unmasked),
            c.ServiceItem.Materials,
            c.Materials,
            c.State is CaseState.Received or CaseState.NoticeIssued or CaseState.Supplemented ? MaterialCheck.Deficiencies(c.ServiceItem, c.Materials) : [],
            [.. notices.OrderBy(n => n.Sequence).Select(n => new NoticeView(n.Sequence, n.Stage, n.Items, n.IssuedAt, n.OverrideId is not null))],
            c.Refusal,
            c.FirstContactName,
            c.ReceivedAt,
            c.AcceptedAt,
            c.CommittedDate,
            c.ProcessInstanceId);
    }
}

internal sealed class ReadCaseHandler(IntakeDbContext db, TimeProvider clock) : IRequestHandler<ReadCase, Result<CaseView>>
{
    public async Task<Result<CaseView>> Handle(ReadCase request, CancellationToken cancellationToken)
    {
        var intakeCase = await db.Cases.AsNoTracking().SingleOrDefaultAsync(
            c => c.RegionCode == IntakeModule.DefaultRegion && (c.ReceptionNumber == request.Reference || c.CaseNumber == request.Reference),
            cancellationToken);
        if (intakeCase is null)
        {
            return Cases.NotFound(request.Reference);
        }

        if (request.Unmask)
        {
            // Only the first-contact clerk needs the applicant's ID and phone whole (to call back, to check the ID card
            // at the window), and only while the case is alive; a refused case is closed. Every such read is audited.
            if (request.Actor.Id != intakeCase.FirstContactId || intakeCase.State == CaseState.Refused)
            {
                return Error.Forbidden("intake.unmask.forbidden", "Only the clerk who recorded the case may read the applicant's ID and phone unmasked, and only while the case is open.");
            }

            db.PersonalDataReads.Add(new PersonalDataRead
            {
                CaseId = intakeCase.Id,
                ActorId = request.Actor.Id,
                ActorName = request.Actor.Name,
                ReadAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        var notices = await db.DeficiencyNotices.AsNoTracking().Where(n => n.CaseId == intakeCase.Id).ToListAsync(cancellationToken);
        return CaseView.Of(intakeCase, notices, request.Unmask);
    }
}

internal sealed record PersonalDataReadView(string ActorId, string ActorName, DateTimeOffset ReadAt);

internal sealed record ListPersonalDataReads(string Reference) : IRequest<Result<IReadOnlyList<PersonalDataReadView>>>;

internal sealed class ListPersonalDataReadsHandler(IntakeDbContext db) : IRequestHandler<ListPersonalDataReads, Result<IReadOnlyList<PersonalDataReadView>>>
{
    public async Task<Result<IReadOnlyList<PersonalDataReadView>>> Handle(ListPersonalDataReads request, CancellationToken cancellationToken)
    {
        var intakeCase = await Cases.FindAsync(db, request.Reference, cancellationToken);
        if (intakeCase is null)
        {
            return Cases.NotFound(request.Reference);
        }

        var reads = await db.PersonalDataReads.AsNoTracking()
            .Where(r => r.CaseId == intakeCase.Id)
            .OrderBy(r => r.ReadAt).ThenBy(r => r.Id)
            .Select(r => new PersonalDataReadView(r.ActorId, r.ActorName, r.ReadAt))
            .ToListAsync(cancellationToken);
        return reads;
    }
}

internal static class ReadCaseEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/cases/{reference}", async (string reference, bool? unmask, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ReadCase(reference, context.Actor()!, unmask ?? false), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("ReadCase")
            .WithSummary("Reads a case by reception or case number; ID and phone masked unless ?unmask=true by its first-contact clerk (audited).")
            .Produces<CaseView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/cases/{reference}/personal-data-reads", async (string reference, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ListPersonalDataReads(reference), ct)).ToHttp())
            .RequireAuthorization(Policies.Supervisors)
            .WithName("ListPersonalDataReads")
            .WithSummary("The audit of unmasked reads of a case's applicant data: who and when.")
            .Produces<IReadOnlyList<PersonalDataReadView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
