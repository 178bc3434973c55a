using System.Security.Cryptography;
using System.Text.Json;
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
using Npgsql;

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
        var center = string.IsNullOrEmpty(actor.CenterCode) ? "default" : actor.CenterCode;
        var key = request.IdempotencyKey;
        if (key is not null && !RegistrationKeys.IsWellFormed(key))
        {
            return Error.Invalid("intake.idempotency-key.invalid", RegistrationKeys.Rule, RegistrationKeys.Field);
        }

        var hash = key is null ? null : RegistrationKeys.Hash(request);
        if (key is not null && await RepeatAsync(center, key, hash!, cancellationToken) is { } repeat)
        {
            return repeat;
        }

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

        // Whole microseconds, as PostgreSQL keeps them: a repeat's answer, read back from the row, is the first one's.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var year = CenterTime.Date(now).Year;
        IntakeCase intakeCase;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
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
                IdempotencyKey = key,
                RequestHash = hash,
                ReceivedAt = now,
                UpdatedAt = now,
            };
            db.Cases.Add(intakeCase);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: RegistrationKeys.Index })
        {
            // A concurrent request with the same key committed first (the index made this insert wait for it): its case
            // is the answer, and this one's reception number went back with the rollback.
            db.ChangeTracker.Clear();
            return await RepeatAsync(center, key!, hash!, cancellationToken)
                ?? throw new InvalidOperationException($"The registration with key {key} collided but cannot be found.");
        }

        return await StartIntakeAsync(intakeCase, cancellationToken);
    }

    /// <summary>The case a key registered, its intake process started if a crash stopped the first request short; null when the key is new.</summary>
    private async Task<Result<CaseView>?> RepeatAsync(string center, string key, string hash, CancellationToken cancellationToken)
    {
        var first = await db.Cases.SingleOrDefaultAsync(
            c => c.RegionCode == IntakeModule.DefaultRegion && c.CenterCode == center && c.IdempotencyKey == key, cancellationToken);
        if (first is null)
        {
            return null;
        }

        if (first.RequestHash != hash)
        {
            return new Error(
                "intake.idempotency-key.reused",
                $"The Idempotency-Key was used for another registration ({first.ReceptionNumber}); send a new key for a new application.",
                ErrorKind.Conflict,
                RegistrationKeys.Field);
        }

        return await StartIntakeAsync(first, cancellationToken);
    }

    /// <summary>Starts the intake process of a registered case and records its first contact; each step is idempotent.</summary>
    private async Task<Result<CaseView>> StartIntakeAsync(IntakeCase intakeCase, CancellationToken cancellationToken)
    {
        if (intakeCase.ProcessInstanceId is not null)
        {
            return CaseView.Of(intakeCase, [], unmasked: false);
        }

        // Receipt starts the intake process (and its art. 32 five-working-day timer). The business key is the
        // reception number: a case number exists only once the case is accepted, and refused applications get none.
        // No personal data goes into process variables (they are readable through the workflow API).
        var started = await sender.Send(
            new StartProcess(IntakeProcess.Definition, intakeCase.ReceptionNumber, new Dictionary<string, object?>
            {
                ["serviceItemCode"] = intakeCase.ServiceItemCode,
                ["serviceItemVersion"] = intakeCase.ServiceItemVersion,
            }, $"intake:start:{intakeCase.ReceptionNumber}"),
            cancellationToken);
        if (!started.Applied)
        {
            throw new InvalidOperationException($"The intake process could not start for {intakeCase.ReceptionNumber}: {started.Error}");
        }

        // Rule 1 (首问负责): the clerk who records the matter is its first contact; the process assigns the check to them.
        var firstContact = intakeCase.FirstContactId;
        var state = await sender.Send(new GetProcessState(intakeCase.ReceptionNumber), cancellationToken);
        if (state?.OpenTasks.FirstOrDefault(t => t.ElementId == IntakeProcess.RecordTask) is { } record)
        {
            await sender.Send(
                new CompleteProcessTask(started.InstanceId, record.TaskId, firstContact, null, new Dictionary<string, object?> { ["firstContact"] = firstContact }, $"intake:record:{intakeCase.ReceptionNumber}"),
                cancellationToken);
        }

        intakeCase.ProcessInstanceId = started.InstanceId;
        await db.SaveChangesAsync(cancellationToken);
        return CaseView.Of(intakeCase, [], unmasked: false);
    }
}

/// <summary>Registration idempotency keys: their form, and the fingerprint of the request a key stands for.</summary>
internal static class RegistrationKeys
{
    public const string Field = "Idempotency-Key";

    public const string Index = "cases_idempotency_key";

    public const string Rule = "An Idempotency-Key is 1 to 100 visible ASCII characters (a UUID will do).";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool IsWellFormed(string key) => key.Length is > 0 and <= 100 && key.All(c => c is > ' ' and <= '~');

    /// <summary>SHA-256 of what the registration asks for (item, applicant, materials), not of who sends it.</summary>
    public static string Hash(RegisterCase request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, Json)));
}

internal static class RegisterCaseEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/cases", async (RegisterCase request, HttpContext context, ISender sender, CancellationToken ct) =>
            {
                string? key = context.Request.Headers[RegistrationKeys.Field];
                var result = await sender.Send(request with { Actor = context.Actor(), IdempotencyKey = key }, ct);
                return result.IsSuccess
                    ? Results.Created($"/api/intake/cases/{result.Value.ReceptionNumber}", result.Value)
                    : result.Error!.ToProblem();
            })
            .RequireAuthorization(Policies.WindowStaff)
            .WithName("RegisterCase")
            .WithSummary("Registers an application at the window with the materials received; starts the intake process. "
                + "With an Idempotency-Key header, a repeat of the same request from the same center returns the first case.")
            .Produces<CaseView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
