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
using Npgsql;

namespace CaseFlow.Intake.Features.ServiceItems;

/// <summary>Whether a save adds a new item (its version 1) or edits an existing one (a new version; cases keep theirs).</summary>
internal enum SaveMode
{
    Create,
    Edit,
}

/// <summary>Adds an item to the catalogue or edits one; the body is the catalogue entry itself (its version is ignored).</summary>
internal sealed record SaveServiceItem(ServiceItemDto Item, SaveMode Mode) : IRequest<Result<ServiceItemDto>>;

internal sealed class SaveServiceItemValidator : AbstractValidator<SaveServiceItem>
{
    public SaveServiceItemValidator(IValidator<ServiceItemDto> fields) =>
        RuleFor(c => c).CustomAsync(async (request, context, ct) =>
        {
            foreach (var failure in (await fields.ValidateAsync(request.Item, ct)).Errors)
            {
                context.AddFailure(failure);
            }
        });
}

internal sealed class SaveServiceItemHandler(IntakeDbContext db, TimeProvider clock) : IRequestHandler<SaveServiceItem, Result<ServiceItemDto>>
{
    public async Task<Result<ServiceItemDto>> Handle(SaveServiceItem request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        ServiceItem? item;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (request.Mode == SaveMode.Create)
            {
                item = await ServiceItemStore.AddAsync(db, request.Item, now, cancellationToken);
            }
            else if ((item = await ServiceItemStore.LockAsync(db, request.Item.Code, cancellationToken)) is null)
            {
                return Error.NotFound("service-item.not-found", $"There is no service item with the code {request.Item.Code}.");
            }
            else
            {
                ServiceItemStore.NewVersion(db, item, request.Item, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Error.Conflict("service-item.duplicate-code", $"A service item with the code {request.Item.Code} already exists.");
        }

        return item.ToDto();
    }
}

internal static class SaveServiceItemEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/service-items", async (ServiceItemDto body, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new SaveServiceItem(ServiceItemRules.Normalize(body), SaveMode.Create), ct);
                return result.IsSuccess
                    ? Results.Created($"/api/intake/service-items/{result.Value.Code}", result.Value)
                    : result.Error!.ToProblem();
            })
            .RequireAuthorization(Policies.Administrators)
            .WithName("CreateServiceItem")
            .WithSummary("Adds a service item to the catalogue.")
            .Produces<ServiceItemDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/service-items/{code}", async (string code, ServiceItemDto body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new SaveServiceItem(ServiceItemRules.Normalize(body) with { Code = code }, SaveMode.Edit), ct)).ToHttp())
            .RequireAuthorization(Policies.Administrators)
            .WithName("UpdateServiceItem")
            .WithSummary("Edits a service item as a new version; cases keep the version they were registered under.")
            .Produces<ServiceItemDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
