using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Features.Tasks;
using CaseFlow.Approval.Persistence;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Features.Procedures;

internal sealed record SpecialProcedureBody(string? Kind, string? NoticeReference, int? PlannedWorkingDays, string? Reason);

internal sealed record ExtensionBody(int? WorkingDays, string? Reason);

internal sealed record ExtensionDecisionBody(string? Note);

internal sealed class ReadCaseClocksHandler(ApprovalDbContext db, ISender sender, TaskMirror mirror) : IRequestHandler<ReadCaseClocks, Result<CaseClocksView>>
{
    public async Task<Result<CaseClocksView>> Handle(ReadCaseClocks request, CancellationToken cancellationToken)
    {
        var approval = await db.Cases.AsNoTracking()
            .SingleOrDefaultAsync(c => c.RegionCode == ApprovalModule.DefaultRegion && c.CaseNumber == request.CaseNumber, cancellationToken);
        if (approval is null)
        {
            return CaseClockAccess.NotFound(request.CaseNumber);
        }

        if (!approval.Departments.Any(request.Actor.MayWorkFor))
        {
            return Error.Forbidden("approval.other-department", $"The case {request.CaseNumber} is not routed to your department.");
        }

        // The clocks follow the process and the special procedures; a change lost to a crash is made here.
        await mirror.SyncAsync(approval.CaseNumber, cancellationToken);
        var procedures = await db.SpecialProcedures.AsNoTracking()
            .Where(p => p.RegionCode == approval.RegionCode && p.CaseNumber == approval.CaseNumber)
            .OrderBy(p => p.EndedAt != null).ThenByDescending(p => p.StartedAt).ThenByDescending(p => p.Id)
            .ToListAsync(cancellationToken);
        var extensions = await db.Extensions.AsNoTracking()
            .Where(e => e.RegionCode == approval.RegionCode && e.CaseNumber == approval.CaseNumber)
            .OrderBy(e => e.State == ExtensionState.Denied).ThenByDescending(e => e.RequestedAt).ThenByDescending(e => e.Id)
            .ToListAsync(cancellationToken);
        return new CaseClocksView(
            approval.CaseNumber,
            approval.LeadDepartment,
            await ClockAsync(approval.CommittedClockId, "committed", cancellationToken),
            await ClockAsync(approval.StatutoryClockId, "statutory", cancellationToken),
            [.. procedures.Select(p => p.ToDto())],
            [.. extensions.Select(e => e.ToDto())]);
    }

    private async Task<CaseClock?> ClockAsync(Guid? id, string limit, CancellationToken cancellationToken) =>
        id is { } clockId && await sender.Send(new GetClock(clockId), cancellationToken) is { IsSuccess: true } read
            ? CaseClockSummaries.Of(read.Value, limit)
            : null;
}

internal sealed class GetCaseClockSummaryHandler(ApprovalDbContext db, ISender sender) : IRequestHandler<GetCaseClockSummary, CaseClockSummary?>
{
    public async Task<CaseClockSummary?> Handle(GetCaseClockSummary request, CancellationToken cancellationToken)
    {
        var clockId = await db.Cases.AsNoTracking()
            .Where(c => c.RegionCode == ApprovalModule.DefaultRegion && c.CaseNumber == request.CaseNumber)
            .Select(c => c.CommittedClockId)
            .SingleOrDefaultAsync(cancellationToken);
        if (clockId is not { } id || await sender.Send(new GetClock(id), cancellationToken) is not { IsSuccess: true } read)
        {
            return null;
        }

        var clock = read.Value;
        var pausedFor = clock.State == ClockState.Paused && clock.Pauses.Count > 0 ? clock.Pauses[^1].Reason.ToString() : null;
        return new CaseClockSummary(clock.DueAt, clock.State.ToString(), pausedFor, clock.ExtensionDays);
    }
}

internal static class CaseClockSummaries
{
    public static CaseClock Of(ClockDto clock, string limit) => new(
        clock.Id,
        limit,
        clock.State.ToString(),
        clock.LimitDays,
        clock.ExtensionDays,
        clock.StartedAt,
        clock.DueAt,
        [.. clock.Pauses.Select(p => new CaseClockPause(p.Reason.ToString(), p.NoticeReference, p.PausedAt, p.ResumedAt))],
        clock.Extension?.ApprovedBy,
        clock.Extension?.ExtendedAt);
}

internal static class CaseClockEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/cases/{caseNumber}/clocks", async (string caseNumber, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ReadCaseClocks(caseNumber, context.Actor()!), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("ReadCaseClocks")
            .WithSummary("A case's committed and statutory clocks with their pauses and extension, its special procedures and extension requests.")
            .Produces<CaseClocksView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/cases/{caseNumber}/special-procedures", async (string caseNumber, SpecialProcedureBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                Created(caseNumber, await sender.Send(new StartSpecialProcedure(caseNumber, context.Actor()!, body.Kind, body.NoticeReference, body.PlannedWorkingDays, body.Reason), ct)))
            .RequireAuthorization(Policies.Approvers)
            .WithName("StartSpecialProcedure")
            .WithSummary("Starts a hearing, expert review, inspection or public notice: both case clocks pause (one procedure open at a time).")
            .Produces<SpecialProcedureDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/cases/{caseNumber}/special-procedures/current/end", async (string caseNumber, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new EndSpecialProcedure(caseNumber, context.Actor()!), ct)).ToHttp())
            .RequireAuthorization(Policies.Approvers)
            .WithName("EndSpecialProcedure")
            .WithSummary("Ends the open special procedure: both case clocks resume and the working days of the pause move their due moments.")
            .Produces<SpecialProcedureDto>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/cases/{caseNumber}/extension", async (string caseNumber, ExtensionBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                Created(caseNumber, await sender.Send(new RequestExtension(caseNumber, context.Actor()!, body.WorkingDays, body.Reason), ct)))
            .RequireAuthorization(Policies.Approvers)
            .WithName("RequestExtension")
            .WithSummary("Asks for the case's one extension (working days, reason); the lead approver or a supervisor approves or denies it.")
            .Produces<CaseExtensionDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        foreach (var (verb, approve) in new[] { ("approve", true), ("deny", false) })
        {
            group.MapPost($"/cases/{{caseNumber}}/extension/{verb}", async (string caseNumber, ExtensionDecisionBody? body, HttpContext context, ISender sender, CancellationToken ct) =>
                    (await sender.Send(new DecideExtension(caseNumber, context.Actor()!, approve, body?.Note), ct)).ToHttp())
                .RequireAuthorization(Policies.Staff)
                .WithName(approve ? "ApproveExtension" : "DenyExtension")
                .WithSummary(approve
                    ? "The lead approver or a supervisor approves the pending extension: the committed clock (and, past the statutory limit, the statutory clock) moves."
                    : "The lead approver or a supervisor denies the pending extension, with the reason (note).")
                .Produces<CaseExtensionDto>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
        }
    }

    private static IResult Created<T>(string caseNumber, Result<T> result) =>
        result.IsSuccess ? Results.Created($"/api/approval/cases/{Uri.EscapeDataString(caseNumber)}/clocks", result.Value) : result.Error!.ToProblem();
}
