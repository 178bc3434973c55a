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

/// <summary>Adds an item to the catalogue as its version 1; the body is the catalogue entry itself (its version is ignored).</summary>
internal sealed record CreateServiceItem(ServiceItemDto Item) : IRequest<Result<ServiceItemDto>>;

internal sealed class CreateServiceItemValidator : AbstractValidator<CreateServiceItem>
{
    public CreateServiceItemValidator(IValidator<ServiceItemDto> fields) =>
        RuleFor(c => c).CustomAsync(async (request, context, ct) =>
        {
            foreach (var failure in (await fields.ValidateAsync(request.Item, ct)).Errors)
            {
                context.AddFailure(failure);
            }
        });
}

/// <summary>A materials list: codes unique in the item, and every material with the legal basis a notice will cite (rule 2).</summary>
internal sealed class MaterialListValidator : AbstractValidator<IReadOnlyList<MaterialRequirement>>
{
    public MaterialListValidator()
    {
        RuleFor(list => list).Must(list => list.Count <= 100).WithMessage("At most 100 materials.")
            .Must(list => list.Where(m => m is not null).Select(m => m.Code).Distinct().Count() == list.Count(m => m is not null))
            .WithMessage("Each material code may appear once.")
            .OverridePropertyName("materials");
        RuleForEach(list => list).NotNull().OverridePropertyName("materials").ChildRules(m =>
        {
            m.RuleFor(x => x.Code).NotEmpty().MaximumLength(32).Matches("^[0-9A-Za-z-]+$").WithMessage("A material code may contain only letters, digits and hyphens.");
            m.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            m.RuleFor(x => x.Form).IsInEnum();
            m.RuleFor(x => x.Copies).InclusiveBetween(1, 100);
            m.RuleFor(x => x.LegalBasis).NotEmpty().WithMessage("Each material needs the legal basis a deficiency notice will cite.").MaximumLength(1000);
        });
    }
}

internal sealed class CreateServiceItemHandler(IntakeDbContext db, TimeProvider clock) : IRequestHandler<CreateServiceItem, Result<ServiceItemDto>>
{
    public async Task<Result<ServiceItemDto>> Handle(CreateServiceItem request, CancellationToken cancellationToken)
    {
        var item = new ServiceItem
        {
            RegionCode = IntakeModule.DefaultRegion,
            Code = request.Item.Code,
            Name = request.Item.Name,
            LeadDepartment = request.Item.LeadDepartment,
            CreatedAt = clock.GetUtcNow(),
        };
        item.Apply(request.Item);
        db.ServiceItems.Add(item);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.ServiceItemVersions.Add(new ServiceItemVersion { ServiceItemId = item.Id, Version = item.Version, Snapshot = item.ToDto(), CreatedAt = item.CreatedAt });
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

internal static class CreateServiceItemEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/service-items", async (ServiceItemDto body, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new CreateServiceItem(ServiceItemRules.Normalize(body)), ct);
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
}
