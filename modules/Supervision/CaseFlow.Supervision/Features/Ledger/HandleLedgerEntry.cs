using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Supervision.Features.Ledger;

internal sealed record AcknowledgeBody(string? By);

internal sealed record RectifyBody(string? By, string? Note);

internal sealed class AcknowledgeLedgerEntryValidator : AbstractValidator<AcknowledgeLedgerEntry>
{
    public AcknowledgeLedgerEntryValidator() => RuleFor(r => r.By).NotEmpty().MaximumLength(100);
}

internal sealed class RectifyLedgerEntryValidator : AbstractValidator<RectifyLedgerEntry>
{
    public RectifyLedgerEntryValidator()
    {
        RuleFor(r => r.By).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Note).NotEmpty().MaximumLength(2000);
    }
}

/// <summary>
/// Open → Acknowledged → Rectified, or Open → Rectified when the fix comes with the first answer; nothing goes back and
/// nothing happens twice. The state is checked and changed in one conditional UPDATE, so two supervisors cannot both win.
/// </summary>
internal sealed class LedgerTransitions(SupervisionDbContext db, TimeProvider clock)
    : IRequestHandler<AcknowledgeLedgerEntry, Result<LedgerEntryDto>>, IRequestHandler<RectifyLedgerEntry, Result<LedgerEntryDto>>
{
    public async Task<Result<LedgerEntryDto>> Handle(AcknowledgeLedgerEntry request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var changed = await Entry(request.Id)
            .Where(e => e.State == LedgerEntryState.Open)
            .ExecuteUpdateAsync(
                set => set.SetProperty(e => e.State, LedgerEntryState.Acknowledged).SetProperty(e => e.AcknowledgedAt, now).SetProperty(e => e.AcknowledgedBy, request.By),
                cancellationToken);
        return await Outcome(request.Id, changed, "acknowledged", cancellationToken);
    }

    public async Task<Result<LedgerEntryDto>> Handle(RectifyLedgerEntry request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var changed = await Entry(request.Id)
            .Where(e => e.State != LedgerEntryState.Rectified)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(e => e.State, LedgerEntryState.Rectified)
                    .SetProperty(e => e.RectifiedAt, now)
                    .SetProperty(e => e.RectifiedBy, request.By)
                    .SetProperty(e => e.RectificationNote, request.Note),
                cancellationToken);
        return await Outcome(request.Id, changed, "rectified", cancellationToken);
    }

    private IQueryable<LedgerEntry> Entry(Guid id) =>
        db.LedgerEntries.Where(e => e.RegionCode == SupervisionModule.DefaultRegion && e.Id == id);

    private async Task<Result<LedgerEntryDto>> Outcome(Guid id, int changed, string verb, CancellationToken cancellationToken)
    {
        var entry = await Entry(id).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (entry is null)
        {
            return Error.NotFound("ledger-entry.not-found", $"There is no ledger entry {id}.");
        }

        return changed == 1
            ? entry.ToDto()
            : Error.Conflict($"ledger-entry.cannot-be-{verb}", $"The ledger entry is {entry.State.ToString().ToLowerInvariant()}; it cannot be {verb} now.");
    }
}

internal static class HandleLedgerEntryEndpoints
{
    // The signed-in supervisor is who handled it; a name in the body is kept only for API keys, which stand for a system.
    private static string HandledBy(HttpContext context, string? claimed) =>
        context.Actor() is { } actor && !actor.Id.StartsWith("api-key:", StringComparison.Ordinal) ? actor.Name : claimed ?? context.Actor()?.Name ?? string.Empty;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/ledger/{id:guid}/acknowledge", async (Guid id, AcknowledgeBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new AcknowledgeLedgerEntry(id, HandledBy(context, body.By)), ct)).ToHttp())
            .RequireAuthorization(Policies.Supervisors)
            .WithName("AcknowledgeLedgerEntry")
            .WithSummary("Acknowledges an open alert or violation.")
            .Produces<LedgerEntryDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/ledger/{id:guid}/rectify", async (Guid id, RectifyBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RectifyLedgerEntry(id, HandledBy(context, body.By), body.Note ?? string.Empty), ct)).ToHttp())
            .RequireAuthorization(Policies.Supervisors)
            .WithName("RectifyLedgerEntry")
            .WithSummary("Records how an alert or violation was rectified, with a note.")
            .Produces<LedgerEntryDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
