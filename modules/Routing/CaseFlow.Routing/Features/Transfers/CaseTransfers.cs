using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Handovers;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using CaseFlow.Routing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Routing.Features.Transfers;

/// <summary>How case handovers are timed; section <c>CaseFlow:Routing</c>.</summary>
internal sealed class CaseTransferOptions : HandoverOptions;

internal sealed record CaseTransferBody(string? ToKind, string? To, string? Reason);

internal sealed record CaseTransferView(
    Guid Id, HolderKind FromKind, string From, string RequestedBy, HolderKind ToKind, string To, string Reason,
    DateTimeOffset RequestedAt, DateTimeOffset AcknowledgeDueAt, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, DateTimeOffset? EscalatedAt);

/// <summary>The staff member who received the case (首问责任人) and where.</summary>
internal sealed record FirstContactView(string Id, string Name, string? Window, string? CenterCode, DateTimeOffset? AcceptedAt);

/// <summary>One link of the chain of custody: who held the case and who was accountable for it from when.</summary>
internal sealed record CustodyLink(HolderKind HolderKind, string Holder, string? AccountableId, string? AccountableName, DateTimeOffset? Since, Guid? TransferId);

/// <summary>
/// Who holds the case, the one person accountable for it now, the first contact, the chain of custody (starting with the
/// first contact at acceptance, one link per acknowledged transfer) and every transfer, pending and escalated ones too.
/// </summary>
internal sealed record CaseCustodyView(
    string CaseNumber,
    HolderKind HolderKind,
    string Holder,
    string? AccountableId,
    string? AccountableName,
    FirstContactView? FirstContact,
    IReadOnlyList<CustodyLink> Chain,
    IReadOnlyList<CaseTransferView> Transfers);

internal sealed record ReadCaseCustody(string CaseNumber) : IRequest<Result<CaseCustodyView>>;

internal sealed record TransferCase(string CaseNumber, Actor Actor, CaseTransferBody Body) : IRequest<Result<CaseCustodyView>>;

internal sealed record AcknowledgeCaseTransfer(string CaseNumber, Guid TransferId, Actor Actor) : IRequest<Result<CaseCustodyView>>;

internal static class Custody
{
    public static string? CodeOf(Actor actor, HolderKind kind) => kind switch
    {
        HolderKind.Window => actor.WindowCode,
        HolderKind.Department => actor.DepartmentCode,
        _ => actor.Id,
    };

    public static Error NotFound(string caseNumber) => Error.NotFound("routing.case-not-found", $"The case {caseNumber} has not been routed.");

    public static Task<CaseHolder?> LockAsync(RoutingDbContext db, string caseNumber, CancellationToken ct) =>
        db.CaseHolders.FromSqlInterpolated(
            $"SELECT * FROM routing.case_holders WHERE region_code = {RoutingModule.DefaultRegion} AND case_number = {caseNumber} FOR UPDATE")
            .SingleOrDefaultAsync(ct);

    public static async Task<CaseCustodyView> ViewAsync(RoutingDbContext db, CaseHolder holder, CancellationToken ct)
    {
        var transfers = await db.CaseTransfers.AsNoTracking()
            .Where(t => t.RegionCode == holder.RegionCode && t.CaseNumber == holder.CaseNumber)
            .OrderBy(t => t.RequestedAt).ThenBy(t => t.Id)
            .ToListAsync(ct);
        FirstContactView? firstContact = holder.FirstContactId is null
            ? null
            : new FirstContactView(holder.FirstContactId, holder.FirstContactName ?? holder.FirstContactId, holder.FirstContactWindow, holder.CenterCode, holder.AcceptedAt);
        var chain = new List<CustodyLink>();
        if (firstContact is not null)
        {
            chain.Add(new CustodyLink(
                firstContact.Window is null ? HolderKind.Person : HolderKind.Window, firstContact.Window ?? firstContact.Id, firstContact.Id, firstContact.Name, firstContact.AcceptedAt, null));
        }

        // Each acknowledged transfer hands the case on from where the previous one left it: walk the handovers from the
        // first holder, so the chain reads in the order the case moved even when two happened within one instant.
        var handovers = transfers.Where(t => t.AcknowledgedAt is not null).OrderBy(t => t.AcknowledgedAt).ThenBy(t => t.RequestedAt).ToList();
        var (kind, code) = chain.Count > 0 ? (chain[0].HolderKind, chain[0].Holder) : handovers.Count > 0 ? (handovers[0].FromKind, handovers[0].FromCode) : (holder.HolderKind, holder.HolderCode);
        while ((handovers.FirstOrDefault(t => t.FromKind == kind && t.FromCode == code) ?? handovers.FirstOrDefault()) is { } next)
        {
            handovers.Remove(next);
            chain.Add(new CustodyLink(next.ToKind, next.ToCode, next.AcknowledgedBy, next.AcknowledgedByName, next.AcknowledgedAt, next.Id));
            (kind, code) = (next.ToKind, next.ToCode);
        }
        return new CaseCustodyView(holder.CaseNumber, holder.HolderKind, holder.HolderCode, holder.AccountableId, holder.AccountableName, firstContact, chain, [.. transfers.Select(t =>
            new CaseTransferView(t.Id, t.FromKind, t.FromCode, t.RequestedByName, t.ToKind, t.ToCode, t.Reason, t.RequestedAt, t.AcknowledgeDueAt, t.AcknowledgedByName, t.AcknowledgedAt, t.EscalatedAt))]);
    }
}

internal sealed class ReadCaseCustodyHandler(RoutingDbContext db) : IRequestHandler<ReadCaseCustody, Result<CaseCustodyView>>
{
    public async Task<Result<CaseCustodyView>> Handle(ReadCaseCustody request, CancellationToken cancellationToken) =>
        await db.CaseHolders.AsNoTracking().SingleOrDefaultAsync(h => h.RegionCode == RoutingModule.DefaultRegion && h.CaseNumber == request.CaseNumber, cancellationToken) is { } holder
            ? await Custody.ViewAsync(db, holder, cancellationToken)
            : Custody.NotFound(request.CaseNumber);
}

internal sealed class TransferCaseHandler(RoutingDbContext db, ISender sender, TimeProvider clock, IOptions<CaseTransferOptions> options)
    : IRequestHandler<TransferCase, Result<CaseCustodyView>>
{
    public async Task<Result<CaseCustodyView>> Handle(TransferCase request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        if (!Enum.TryParse<HolderKind>(body.ToKind, ignoreCase: true, out var target) || target is not (HolderKind.Window or HolderKind.Department) || int.TryParse(body.ToKind, out _))
        {
            return Error.Invalid("routing.invalid-target", "toKind is window or department.", "toKind");
        }

        if (string.IsNullOrWhiteSpace(body.To) || body.To.Length > 100)
        {
            return Error.Invalid("routing.to-required", "Name the window or department (at most 100 characters).", "to");
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 1000)
        {
            return Error.Invalid("routing.reason-required", "A transfer states its reason (at most 1000 characters).", "reason");
        }

        var now = clock.GetUtcNow();
        var due = await sender.Send(new AddWorkingHours(Calendars.National, now, options.Value.AcknowledgeWithinWorkingHours), cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await Custody.LockAsync(db, request.CaseNumber, cancellationToken) is not { } holder)
        {
            return Custody.NotFound(request.CaseNumber);
        }

        // Only staff of the window or department holding the case may hand it on (rule 1: no passing the buck from outside).
        if (Custody.CodeOf(request.Actor, holder.HolderKind) != holder.HolderCode)
        {
            return Error.Forbidden("routing.not-holder", $"The case is held by {holder.HolderKind.ToString().ToLowerInvariant()} {holder.HolderCode}; only its staff may transfer it.");
        }

        if (await db.CaseTransfers.AnyAsync(t => t.RegionCode == holder.RegionCode && t.CaseNumber == holder.CaseNumber && t.AcknowledgedAt == null, cancellationToken))
        {
            return Error.Conflict("routing.transfer-pending", "A transfer of this case already waits for acknowledgement.");
        }

        // Rule 1: the accountable person (the first contact, or whoever acknowledged the last transfer) stays accountable
        // until the receiver acknowledges. A case routed before first contacts were recorded has nobody yet: the one
        // who hands it over is.
        if (holder.AccountableId is null)
        {
            holder.AccountableId = request.Actor.Id;
            holder.AccountableName = request.Actor.Name;
        }
        db.CaseTransfers.Add(new CaseTransfer
        {
            Id = Guid.CreateVersion7(now),
            RegionCode = holder.RegionCode,
            CaseNumber = holder.CaseNumber,
            FromKind = holder.HolderKind,
            FromCode = holder.HolderCode,
            RequestedBy = request.Actor.Id,
            RequestedByName = request.Actor.Name,
            ToKind = target,
            ToCode = body.To.Trim(),
            Reason = body.Reason.Trim(),
            RequestedAt = now,
            AcknowledgeDueAt = due,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await Custody.ViewAsync(db, holder, cancellationToken);
    }
}

internal sealed class AcknowledgeCaseTransferHandler(RoutingDbContext db, TimeProvider clock) : IRequestHandler<AcknowledgeCaseTransfer, Result<CaseCustodyView>>
{
    public async Task<Result<CaseCustodyView>> Handle(AcknowledgeCaseTransfer request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await Custody.LockAsync(db, request.CaseNumber, cancellationToken) is not { } holder)
        {
            return Custody.NotFound(request.CaseNumber);
        }

        var transfer = await db.CaseTransfers.SingleOrDefaultAsync(t => t.Id == request.TransferId && t.CaseNumber == request.CaseNumber, cancellationToken);
        if (transfer is null)
        {
            return Error.NotFound("routing.transfer-not-found", $"The case {request.CaseNumber} has no transfer {request.TransferId}.");
        }

        switch (transfer.Acknowledge(request.Actor, clock.GetUtcNow()))
        {
            case HandoverAcknowledgement.NotTheReceiver:
                return Error.Forbidden("routing.not-receiver", $"Only staff of {transfer.ToKind.ToString().ToLowerInvariant()} {transfer.ToCode} may acknowledge this transfer.");
            case HandoverAcknowledgement.AlreadyAcknowledged or HandoverAcknowledgement.AlreadyAcknowledgedByActor:
                return Error.Conflict("routing.transfer-acknowledged", $"The transfer has already been acknowledged by {transfer.AcknowledgedByName}.");
        }

        // The case and the accountability move together, now and only now (rule 1).
        holder.HolderKind = transfer.ToKind;
        holder.HolderCode = transfer.ToCode;
        holder.AccountableId = request.Actor.Id;
        holder.AccountableName = request.Actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await Custody.ViewAsync(db, holder, cancellationToken);
    }
}

internal static class CaseTransferEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/cases/{caseNumber}", async (string caseNumber, ISender sender, CancellationToken ct) => (await sender.Send(new ReadCaseCustody(caseNumber), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("ReadCaseCustody")
            .WithSummary("Who holds a case, the one person accountable for it now, the first contact and the chain of custody from acceptance, and every transfer.")
            .Produces<CaseCustodyView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/cases/{caseNumber}/transfers", async (string caseNumber, CaseTransferBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new TransferCase(caseNumber, context.Actor()!, body), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("TransferCase")
            .WithSummary("Staff of the holding window or department (or the first contact holding it in person) transfer the case, with a reason; the accountable person stays accountable until it is acknowledged.")
            .Produces<CaseCustodyView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/cases/{caseNumber}/transfers/{transferId:guid}/acknowledge", async (string caseNumber, Guid transferId, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new AcknowledgeCaseTransfer(caseNumber, transferId, context.Actor()!), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("AcknowledgeCaseTransfer")
            .WithSummary("Staff of the receiving window or department take the case over and become accountable for it.")
            .Produces<CaseCustodyView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
