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
    bool Published) : IRequest<Result<ServiceItemDto>>;

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
            CreatedAt = clock.GetUtcNow(),
        };
        db.ServiceItems.Add(item);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
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
