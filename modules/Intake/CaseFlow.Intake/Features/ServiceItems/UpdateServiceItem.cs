using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.ServiceItems;

/// <summary>An edit of a service item: it becomes a new version; cases registered earlier keep theirs.</summary>
internal sealed record UpdateServiceItem(ServiceItemDto Item) : IRequest<Result<ServiceItemDto>>;

internal sealed class UpdateServiceItemValidator : AbstractValidator<UpdateServiceItem>
{
    public UpdateServiceItemValidator(IValidator<ServiceItemDto> fields) =>
        RuleFor(c => c).CustomAsync(async (request, context, ct) =>
        {
            foreach (var failure in (await fields.ValidateAsync(request.Item, ct)).Errors)
            {
                context.AddFailure(failure);
            }
        });
}

internal sealed class UpdateServiceItemHandler(IntakeDbContext db, TimeProvider clock) : IRequestHandler<UpdateServiceItem, Result<ServiceItemDto>>
{
    public async Task<Result<ServiceItemDto>> Handle(UpdateServiceItem request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await ServiceItemStore.LockAsync(db, request.Item.Code, cancellationToken);
        if (item is null)
        {
            return Error.NotFound("service-item.not-found", $"There is no service item with the code {request.Item.Code}.");
        }

        ServiceItemStore.NewVersion(db, item, request.Item, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return item.ToDto();
    }
}

internal static class ServiceItemStore
{
    /// <summary>The item's row, locked: concurrent edits and imports take turns, so each gets its own version number.</summary>
    public static Task<ServiceItem?> LockAsync(IntakeDbContext db, string code, CancellationToken cancellationToken) =>
        db.ServiceItems
            .FromSql($"SELECT * FROM intake.service_items WHERE region_code = {IntakeModule.DefaultRegion} AND code = {code} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>Applies <paramref name="fields"/> as the item's next version and keeps that version's snapshot (STYLE 15).</summary>
    public static void NewVersion(IntakeDbContext db, ServiceItem item, ServiceItemDto fields, DateTimeOffset at)
    {
        item.Apply(fields);
        item.Version++;
        db.ServiceItemVersions.Add(new ServiceItemVersion { ServiceItemId = item.Id, Version = item.Version, Snapshot = item.ToDto(), CreatedAt = at });
    }
}

internal static class UpdateServiceItemEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/service-items/{code}", async (string code, ServiceItemDto body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new UpdateServiceItem(ServiceItemRules.Normalize(body) with { Code = code }), ct)).ToHttp())
            .RequireAuthorization(Policies.Administrators)
            .WithName("UpdateServiceItem")
            .WithSummary("Edits a service item as a new version; cases keep the version they were registered under.")
            .Produces<ServiceItemDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
