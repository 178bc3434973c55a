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

internal sealed record CreateServiceItem(
    string Code,
    string Name,
    CaseType CaseType,
    string LeadDepartment,
    IReadOnlyList<string>? CoDepartments,
    int CommittedLimitDays,
    int StatutoryLimitDays,
    bool Published,
    IReadOnlyList<MaterialRequirement>? Materials = null,
    string? Conditions = null,
    string? LegalBasis = null) : IRequest<Result<ServiceItemDto>>;

internal sealed class CreateServiceItemValidator : AbstractValidator<CreateServiceItem>
{
    public CreateServiceItemValidator()
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(64).Matches("^[0-9A-Za-z-]+$")
            .WithMessage("The implementation code may contain only letters, digits and hyphens.");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.CaseType).IsInEnum();
        RuleFor(c => c.LeadDepartment).NotEmpty().MaximumLength(64);
        RuleForEach(c => c.CoDepartments).NotEmpty().MaximumLength(64);
        RuleFor(c => c.CommittedLimitDays).GreaterThanOrEqualTo(0);
        // Rule 3 (限时办结): the committed limit may not exceed the statutory limit.
        RuleFor(c => c.CommittedLimitDays).LessThanOrEqualTo(c => c.StatutoryLimitDays)
            .WithMessage("The committed limit (承诺时限) may not be longer than the statutory limit (法定时限).");
        RuleFor(c => c.StatutoryLimitDays).GreaterThanOrEqualTo(0);
        RuleFor(c => c.Materials).SetValidator(new MaterialListValidator()!);
        RuleFor(c => c.Conditions).MaximumLength(4000);
        RuleFor(c => c.LegalBasis).MaximumLength(4000);
    }
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
            Code = request.Code,
            Name = request.Name,
            CaseType = request.CaseType,
            LeadDepartment = request.LeadDepartment,
            CoDepartments = [.. request.CoDepartments ?? []],
            CommittedLimitDays = request.CommittedLimitDays,
            StatutoryLimitDays = request.StatutoryLimitDays,
            Published = request.Published,
            Materials = [.. request.Materials ?? []],
            Conditions = request.Conditions ?? string.Empty,
            LegalBasis = request.LegalBasis ?? string.Empty,
            CreatedAt = clock.GetUtcNow(),
        };
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
            return Error.Conflict("service-item.duplicate-code", $"A service item with the code {request.Code} already exists.");
        }

        return item.ToDto();
    }
}

internal static class CreateServiceItemEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/service-items", async (CreateServiceItem request, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(request, ct);
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
