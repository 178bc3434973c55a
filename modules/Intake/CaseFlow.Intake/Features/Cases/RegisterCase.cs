using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using CaseFlow.Kernel.Workflow;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Cases;

internal sealed class ApplicantInputValidator : AbstractValidator<ApplicantInput>
{
    public ApplicantInputValidator()
    {
        RuleFor(a => a.Kind).NotNull().IsInEnum();
        RuleFor(a => a.Name).NotEmpty().MaximumLength(200);
        RuleFor(a => a.IdNumber).NotEmpty().When(a => a.Kind == ApplicantKind.Person)
            .WithMessage("A person applies with a resident ID number.");
        RuleFor(a => a.IdNumber).Must(Identifiers.IsResidentId).When(a => !string.IsNullOrEmpty(a.IdNumber))
            .WithMessage("The resident ID number must be 18 characters with a valid GB 11643 check character.");
        RuleFor(a => a.CreditCode).NotEmpty().When(a => a.Kind == ApplicantKind.Organization)
            .WithMessage("An organization applies with its unified social credit code.");
        RuleFor(a => a.CreditCode).Must(Identifiers.IsCreditCode).When(a => !string.IsNullOrEmpty(a.CreditCode))
            .WithMessage("The unified social credit code must be 18 characters with a valid GB 32100 check character.");
        RuleFor(a => a.Phone).NotEmpty().Must(Identifiers.IsMobile)
            .WithMessage("The phone must be a mainland mobile number of 11 digits.");
    }
}

internal sealed class MaterialInputValidator : AbstractValidator<MaterialInput>
{
    public MaterialInputValidator()
    {
        RuleFor(m => m.Code).NotEmpty().MaximumLength(32);
        RuleFor(m => m.Copies).InclusiveBetween(1, 100);
        RuleFor(m => m.Form).IsInEnum();
    }
}

internal sealed class RegisterCaseValidator : AbstractValidator<RegisterCase>
{
    public RegisterCaseValidator()
    {
        RuleFor(r => r.ServiceItemCode).NotEmpty().MaximumLength(64);
        RuleFor(r => r.Applicant).NotNull().SetValidator(new ApplicantInputValidator());
        RuleFor(r => r.Materials).NotNull();
        RuleFor(r => r.Materials).Must(m => m.Count <= 200).When(r => r.Materials is not null).WithMessage("At most 200 materials.");
        RuleForEach(r => r.Materials).NotNull().SetValidator(new MaterialInputValidator());
        RuleFor(r => r.Materials).Must(m => m.Where(x => x is not null).Select(x => x.Code).Distinct().Count() == m.Count(x => x is not null))
            .When(r => r.Materials is not null).WithMessage("Each material may be listed once.");
    }
}

internal sealed class RegisterCaseHandler(IntakeDbContext db, ISender sender, TimeProvider clock) : IRequestHandler<RegisterCase, Result<CaseView>>
{
    public async Task<Result<CaseView>> Handle(RegisterCase request, CancellationToken cancellationToken)
    {
        var actor = request.Actor ?? throw new InvalidOperationException("RegisterCase needs the acting clerk.");
        var item = await db.ServiceItems.AsNoTracking()
            .SingleOrDefaultAsync(i => i.RegionCode == IntakeModule.DefaultRegion && i.Code == request.ServiceItemCode, cancellationToken);
        if (item is not { Published: true })
        {
            return Error.Invalid("intake.service-item.unknown", $"There is no published service item {request.ServiceItemCode}.", "serviceItemCode");
        }

        var snapshot = item.ToDto();
        for (var i = 0; i < request.Materials.Count; i++)
        {
            if (snapshot.Materials.All(m => m.Code != request.Materials[i].Code))
            {
                return Error.Invalid("intake.material.unknown", $"{item.Name} has no material {request.Materials[i].Code} in its list.", $"materials[{i}].code");
            }
        }

        var now = clock.GetUtcNow();
        var year = CenterTime.Date(now).Year;
        var center = string.IsNullOrEmpty(actor.CenterCode) ? "default" : actor.CenterCode;
        IntakeCase intakeCase;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var number = await CaseNumbers.NextAsync(db, center, "reception", year, cancellationToken);
            intakeCase = new IntakeCase
            {
                RegionCode = IntakeModule.DefaultRegion,
                CenterCode = center,
                ReceptionNumber = CaseNumbers.Reception(year, number),
                ServiceItemCode = item.Code,
                ServiceItemVersion = item.Version,
                ServiceItem = snapshot,
                ApplicantKind = request.Applicant.Kind!.Value,
                ApplicantName = request.Applicant.Name,
                ApplicantIdNumber = string.IsNullOrEmpty(request.Applicant.IdNumber) ? null : request.Applicant.IdNumber.ToUpperInvariant(),
                ApplicantCreditCode = string.IsNullOrEmpty(request.Applicant.CreditCode) ? null : request.Applicant.CreditCode,
                ApplicantPhone = request.Applicant.Phone,
                Materials = [.. request.Materials.Select(m => new CaseMaterial(m.Code, m.Copies ?? 1, m.Form ?? MaterialForm.Original, now))],
                State = CaseState.Received,
                FirstContactId = actor.Id,
                FirstContactName = actor.Name,
                Window = actor.WindowCode,
                ReceivedAt = now,
                UpdatedAt = now,
            };
            db.Cases.Add(intakeCase);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Receipt starts the intake process (and its art. 32 five-working-day timer). The business key is the
        // reception number: a case number exists only once the case is accepted, and refused applications get none.
        // No personal data goes into process variables (they are readable through the workflow API).
        var started = await sender.Send(
            new StartProcess(IntakeProcess.Definition, intakeCase.ReceptionNumber, new Dictionary<string, object?>
            {
                ["serviceItemCode"] = item.Code,
                ["serviceItemVersion"] = item.Version,
            }, $"intake:start:{intakeCase.ReceptionNumber}"),
            cancellationToken);
        if (!started.Applied)
        {
            throw new InvalidOperationException($"The intake process could not start for {intakeCase.ReceptionNumber}: {started.Error}");
        }

        // Rule 1 (首问负责): the clerk who records the matter is its first contact; the process assigns the check to them.
        var state = await sender.Send(new GetProcessState(intakeCase.ReceptionNumber), cancellationToken);
        if (state?.OpenTasks.FirstOrDefault(t => t.ElementId == IntakeProcess.RecordTask) is { } record)
        {
            await sender.Send(
                new CompleteProcessTask(started.InstanceId, record.TaskId, actor.Id, null, new Dictionary<string, object?> { ["firstContact"] = actor.Id }, $"intake:record:{intakeCase.ReceptionNumber}"),
                cancellationToken);
        }

        intakeCase.ProcessInstanceId = started.InstanceId;
        await db.SaveChangesAsync(cancellationToken);
        return CaseView.Of(intakeCase, [], unmasked: false);
    }
}

internal static class RegisterCaseEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/cases", async (RegisterCase request, HttpContext context, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(request with { Actor = context.Actor() }, ct);
                return result.IsSuccess
                    ? Results.Created($"/api/intake/cases/{result.Value.ReceptionNumber}", result.Value)
                    : result.Error!.ToProblem();
            })
            .RequireAuthorization(Policies.WindowStaff)
            .WithName("RegisterCase")
            .WithSummary("Registers an application at the window with the materials received; starts the intake process.")
            .Produces<CaseView>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
}
