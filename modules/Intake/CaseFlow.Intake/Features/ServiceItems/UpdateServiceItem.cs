using System.Text.Json.Serialization;
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
internal sealed record UpdateServiceItem(
    string Name,
    CaseType CaseType,
    string LeadDepartment,
    IReadOnlyList<string>? CoDepartments,
    int CommittedLimitDays,
    int StatutoryLimitDays,
    bool Published,
    IReadOnlyList<MaterialRequirement>? Materials,
    string? Conditions,
    string? LegalBasis) : IRequest<Result<ServiceItemDto>>
{
    [JsonIgnore]
    public string Code { get; init; } = string.Empty;
}

internal sealed class UpdateServiceItemValidator : AbstractValidator<UpdateServiceItem>
{
    public UpdateServiceItemValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.CaseType).IsInEnum();
        RuleFor(c => c.LeadDepartment).NotEmpty().MaximumLength(64);
        RuleForEach(c => c.CoDepartments).NotEmpty().MaximumLength(64);
        RuleFor(c => c.CommittedLimitDays).GreaterThanOrEqualTo(0);
        // Rule 3 (限时办结): the committed limit may not exceed the statutory limit.
        RuleFor(c => c.CommittedLimitDays).LessThanOrEqualTo(c => c.StatutoryLimitDays)
            .WithMessage("The committed limit (承诺时限) may not be longer than the statutory limit (法定时限).");
        RuleFor(c => c.Materials).SetValidator(new MaterialListValidator()!);
        RuleFor(c => c.Conditions).MaximumLength(4000);
        RuleFor(c => c.LegalBasis).MaximumLength(4000);
    }
}

internal sealed class UpdateServiceItemHandler(IntakeDbContext db, TimeProvider clock) : IRequestHandler<UpdateServiceItem, Result<ServiceItemDto>>
{
    public async Task<Result<ServiceItemDto>> Handle(UpdateServiceItem request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The row lock makes concurrent edits take turns, so each gets its own version number.
        var item = await db.ServiceItems
            .FromSql($"SELECT * FROM intake.service_items WHERE region_code = {IntakeModule.DefaultRegion} AND code = {request.Code} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (item is null)
        {
            return Error.NotFound("service-item.not-found", $"There is no service item with the code {request.Code}.");
        }

        item.Name = request.Name;
        item.CaseType = request.CaseType;
        item.LeadDepartment = request.LeadDepartment;
        item.CoDepartments = [.. request.CoDepartments ?? []];
        item.CommittedLimitDays = request.CommittedLimitDays;
        item.StatutoryLimitDays = request.StatutoryLimitDays;
        item.Published = request.Published;
        item.Materials = [.. request.Materials ?? []];
        item.Conditions = request.Conditions ?? string.Empty;
        item.LegalBasis = request.LegalBasis ?? string.Empty;
        item.Version++;
        db.ServiceItemVersions.Add(new ServiceItemVersion { ServiceItemId = item.Id, Version = item.Version, Snapshot = item.ToDto(), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return item.ToDto();
    }
}

internal static class UpdateServiceItemEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/service-items/{code}", async (string code, UpdateServiceItem request, ISender sender, CancellationToken ct) =>
                (await sender.Send(request with { Code = code }, ct)).ToHttp())
            .RequireAuthorization(Policies.Administrators)
            .WithName("UpdateServiceItem")
            .WithSummary("Edits a service item as a new version; cases keep the version they were registered under.")
            .Produces<ServiceItemDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
