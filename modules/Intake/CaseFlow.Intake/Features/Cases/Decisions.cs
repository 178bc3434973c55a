using System.Text.Json.Serialization;
using CaseFlow.Approval.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using CaseFlow.Kernel.Workflow;
using CaseFlow.Supervision.Contracts;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Cases;

internal sealed class AcceptApplicationHandler(IntakeDbContext db, ISender sender) : IRequestHandler<AcceptApplication, Result<CaseView>>
{
    public async Task<Result<CaseView>> Handle(AcceptApplication request, CancellationToken cancellationToken)
    {
        var loaded = await WindowDecision.LoadAsync(db, request.Reference, request.Actor, [], cancellationToken);
        if (loaded.Error is { } stopped)
        {
            return stopped;
        }

        var intakeCase = loaded.Value;

        if (intakeCase.State is not (CaseState.Received or CaseState.Supplemented))
        {
            return Error.Conflict("intake.case.not-awaiting-decision", $"Case {intakeCase.ReceptionNumber} is {intakeCase.State}; only a received or supplemented case can be accepted.");
        }

        if (MaterialCheck.Deficiencies(intakeCase.ServiceItem, intakeCase.Materials) is { Count: > 0 } missing)
        {
            return Error.Conflict("intake.materials.incomplete", $"The materials are not complete: {string.Join("; ", missing.Select(m => $"{m.Name} ({m.Problem})"))}.");
        }

        if (await IntakeProcess.DecideAsync(sender, intakeCase, request.Actor, new Dictionary<string, object?> { ["materialsComplete"] = true, ["acceptable"] = true }, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await Reload(db, intakeCase, cancellationToken);
    }

    internal static async Task<CaseView> Reload(IntakeDbContext db, IntakeCase intakeCase, CancellationToken cancellationToken)
    {
        // The process's service task changed the row in its own scope; read what it wrote.
        await db.Entry(intakeCase).ReloadAsync(cancellationToken);
        var notices = await db.DeficiencyNotices.AsNoTracking().Where(n => n.CaseId == intakeCase.Id).ToListAsync(cancellationToken);
        return CaseView.Of(intakeCase, notices, unmasked: false);
    }
}

internal sealed class IssueNoticeValidator : AbstractValidator<IssueNotice>
{
    public IssueNoticeValidator()
    {
        RuleFor(n => n.Defects).Must(d => d!.Count <= 200).When(n => n.Defects is not null).WithMessage("At most 200 defects.");
        RuleForEach(n => n.Defects).NotNull().ChildRules(d =>
        {
            d.RuleFor(x => x.Code).NotEmpty().MaximumLength(32);
            d.RuleFor(x => x.Problem).NotEmpty().MaximumLength(500);
        });
    }
}

internal sealed class IssueNoticeHandler(IntakeDbContext db, ISender sender, TimeProvider clock) : IRequestHandler<IssueNotice, Result<CaseView>>
{
    public async Task<Result<CaseView>> Handle(IssueNotice request, CancellationToken cancellationToken)
    {
        var actor = request.Actor!;
        var defects = request.Defects ?? [];
        var loaded = await WindowDecision.LoadAsync(db, request.Reference, actor, defects.Select((d, i) => (d.Code, $"defects[{i}].code")), cancellationToken);
        if (loaded.Error is { } stopped)
        {
            return stopped;
        }

        var intakeCase = loaded.Value;

        // Rule 2 (一次告知): every deficiency at once — the check's findings are always included, the clerk adds defects.
        var items = MaterialCheck.Deficiencies(intakeCase.ServiceItem, intakeCase.Materials);
        foreach (var defect in defects.Where(d => items.All(i => i.Code != d.Code)))
        {
            var requirement = intakeCase.ServiceItem.Materials.First(m => m.Code == defect.Code);
            items.Add(new NoticeItem(requirement.Code, requirement.Name, defect.Problem, requirement.LegalBasis));
        }

        if (items.Count == 0)
        {
            return Error.Conflict("intake.notice.nothing-missing", "Nothing is missing or defective: accept the case instead of issuing a notice.");
        }

        var existing = await db.DeficiencyNotices.Where(n => n.CaseId == intakeCase.Id).OrderByDescending(n => n.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return await IssueUnderOverride(intakeCase, existing.Sequence + 1, items, actor, cancellationToken);
        }

        if (intakeCase.State != CaseState.Received)
        {
            return Error.Conflict("intake.case.not-awaiting-decision", $"Case {intakeCase.ReceptionNumber} is {intakeCase.State}; a notice is issued at the materials check.");
        }

        var decision = new Dictionary<string, object?>
        {
            ["materialsComplete"] = false,
            ["acceptable"] = true,
            ["missingMaterials"] = items.Select(i => new Dictionary<string, object?> { ["code"] = i.Code, ["problem"] = i.Problem }).ToList(),
        };
        if (await IntakeProcess.DecideAsync(sender, intakeCase, actor, decision, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await AcceptApplicationHandler.Reload(db, intakeCase, cancellationToken);
    }

    /// <summary>
    /// Rule 2: a case gets one notice. A later one exists only under a supervisor's override, recorded as a violation.
    /// The process has no path back to its notice task (intake.bpmn), so an overridden notice is the module's record
    /// while the process keeps waiting for the supplement or the recheck.
    /// </summary>
    private async Task<Result<CaseView>> IssueUnderOverride(IntakeCase intakeCase, int sequence, List<NoticeItem> items, Actor actor, CancellationToken cancellationToken)
    {
        if (intakeCase.State is not (CaseState.NoticeIssued or CaseState.Supplemented))
        {
            return Error.Conflict("intake.notice.already-issued", $"Case {intakeCase.ReceptionNumber} already had its single deficiency notice.");
        }

        var grant = await Cases.UnusedOverrideAsync(db, intakeCase.Id, OverrideKind.SecondNotice, cancellationToken);
        if (grant is null)
        {
            return Error.Conflict(
                "intake.notice.already-issued",
                $"Case {intakeCase.ReceptionNumber} already had its single deficiency notice (一次告知). A second notice needs a supervisor's override.");
        }

        var now = clock.GetUtcNow();
        grant.UsedAt = now;
        intakeCase.State = CaseState.NoticeIssued;
        intakeCase.UpdatedAt = now;
        db.DeficiencyNotices.Add(new DeficiencyNotice
        {
            CaseId = intakeCase.Id,
            Sequence = sequence,
            Stage = NoticeStage.Intake,
            Items = items,
            IssuedBy = actor.Name,
            IssuedAt = now,
            OverrideId = grant.Id,
        });
        db.AddNotification(Violations.SecondNotice(intakeCase, grant, actor, items.Select(i => i.Code), now), now);
        await db.SaveChangesAsync(cancellationToken);
        return await AcceptApplicationHandler.Reload(db, intakeCase, cancellationToken);
    }
}

internal sealed class RefuseApplicationValidator : AbstractValidator<RefuseApplication>
{
    public RefuseApplicationValidator()
    {
        // Rule 2: a refusal states its reasons and its legal basis.
        RuleFor(r => r.Reasons).NotEmpty().WithMessage("A refusal must state its reasons.").MaximumLength(4000);
        RuleFor(r => r.LegalBasis).NotEmpty().WithMessage("A refusal must cite its legal basis.").MaximumLength(2000);
        RuleFor(r => r.Materials).Must(m => m!.Count <= 200).When(r => r.Materials is not null).WithMessage("At most 200 materials.");
        RuleForEach(r => r.Materials).NotEmpty().MaximumLength(32);
    }
}

internal sealed class RefuseApplicationHandler(IntakeDbContext db, ISender sender, TimeProvider clock) : IRequestHandler<RefuseApplication, Result<CaseView>>
{
    public async Task<Result<CaseView>> Handle(RefuseApplication request, CancellationToken cancellationToken)
    {
        var actor = request.Actor!;
        var materials = request.Materials?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        var loaded = await WindowDecision.LoadAsync(db, request.Reference, actor, materials.Select((m, i) => (m, $"materials[{i}]")), cancellationToken);
        if (loaded.Error is { } stopped)
        {
            return stopped;
        }

        var intakeCase = loaded.Value;

        if (intakeCase.State == CaseState.NoticeIssued)
        {
            // The process waits for the supplement; the law sets no time limit for it, so there is nothing to refuse on yet.
            return Error.Conflict("intake.case.awaiting-supplement", $"Case {intakeCase.ReceptionNumber} waits for the applicant's supplement; recheck it when it comes.");
        }

        if (intakeCase.State is not (CaseState.Received or CaseState.Supplemented))
        {
            return Error.Conflict("intake.case.not-awaiting-decision", $"Case {intakeCase.ReceptionNumber} is {intakeCase.State}; it can no longer be refused at intake.");
        }

        long? overrideId = null;
        SupervisorOverride? usedGrant = null;
        HashSet<string> listedMaterials = [];
        var now = clock.GetUtcNow();
        if (intakeCase.State == CaseState.Supplemented)
        {
            // Rule 2: after the notice the case may be refused only for what the notice listed.
            listedMaterials = await Cases.ListedMaterialsAsync(db, intakeCase.Id, cancellationToken);
            var unlisted = materials.Where(m => !listedMaterials.Contains(m)).ToList();
            if (materials.Count == 0 || unlisted.Count > 0)
            {
                var grant = await Cases.UnusedOverrideAsync(db, intakeCase.Id, OverrideKind.Refusal, cancellationToken);
                if (grant is null)
                {
                    return Error.Conflict(
                        "intake.refusal.not-in-notice",
                        materials.Count == 0
                            ? "After the deficiency notice a case may be refused only for the materials the notice listed: name them under materials."
                            : $"The deficiency notice did not list {string.Join(", ", unlisted)}; refusing for it needs a supervisor's override (一次告知).");
                }

                usedGrant = grant;
                overrideId = grant.Id;
            }
        }

        var refusal = new Dictionary<string, object?>
        {
            ["reasons"] = request.Reasons,
            ["legalBasis"] = request.LegalBasis,
            ["materials"] = materials,
            ["refusedBy"] = actor.Name,
            ["overrideId"] = overrideId,
        };
        var decision = intakeCase.State == CaseState.Received
            ? new Dictionary<string, object?> { ["acceptable"] = false, ["materialsComplete"] = false, ["refusal"] = refusal }
            : new Dictionary<string, object?> { ["materialsComplete"] = false, ["refusal"] = refusal };
        if (await IntakeProcess.DecideAsync(sender, intakeCase, actor, decision, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (usedGrant is not null)
        {
            // The override is spent and the violation recorded only once the refusal has really happened.
            usedGrant.UsedAt = now;
            db.AddNotification(Violations.Refusal(intakeCase, usedGrant, actor, materials.Where(m => !listedMaterials.Contains(m)), now), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        return await AcceptApplicationHandler.Reload(db, intakeCase, cancellationToken);
    }
}

internal sealed class ReceiveSupplementValidator : AbstractValidator<ReceiveSupplement>
{
    public ReceiveSupplementValidator()
    {
        RuleFor(r => r.Materials).NotEmpty();
        RuleFor(r => r.Materials).Must(m => m.Count <= 200).When(r => r.Materials is not null).WithMessage("At most 200 materials.");
        RuleForEach(r => r.Materials).NotNull().SetValidator(new MaterialInputValidator());
    }
}

internal sealed class ReceiveSupplementHandler(IntakeDbContext db, ISender sender, TimeProvider clock) : IRequestHandler<ReceiveSupplement, Result<CaseView>>
{
    public async Task<Result<CaseView>> Handle(ReceiveSupplement request, CancellationToken cancellationToken)
    {
        var loaded = await WindowDecision.LoadAsync(db, request.Reference, decider: null, request.Materials.Select((m, i) => (m.Code, $"materials[{i}].code")), cancellationToken);
        if (loaded.Error is { } stopped)
        {
            return stopped;
        }

        var intakeCase = loaded.Value;

        var now = clock.GetUtcNow();
        if (intakeCase.State == CaseState.Accepted)
        {
            return await AnswerReviewRequestAsync(intakeCase, request, now, cancellationToken);
        }

        if (intakeCase.State is not (CaseState.NoticeIssued or CaseState.Supplemented))
        {
            return Error.Conflict("intake.case.no-notice", $"Case {intakeCase.ReceptionNumber} was not asked for a supplement.");
        }

        Record(intakeCase, request, now);
        await db.SaveChangesAsync(cancellationToken);

        // At intake the supplement opens the recheck of the intake process (business key: the reception number).
        var businessKey = intakeCase.ReceptionNumber;
        var state = await sender.Send(new GetProcessState(businessKey), cancellationToken);
        if (state is not null && state.ActiveElements.Contains(IntakeProcess.AwaitSupplement))
        {
            var step = await sender.Send(new CorrelateProcessMessage(businessKey, IntakeProcess.SupplementMessage, null), cancellationToken);
            if (!step.Applied)
            {
                return Error.Conflict("intake.process.refused", $"The process refused the supplement: {step.Error}");
            }

            state = await sender.Send(new GetProcessState(businessKey), cancellationToken);
        }

        // At intake the case is "supplemented" once the process has opened the recheck: after the message, or at once
        // when an overridden second notice was answered while the recheck was already open.
        if (state?.OpenTasks.Any(t => t.ElementId == IntakeProcess.RecheckTask) == true && intakeCase.State != CaseState.Supplemented)
        {
            intakeCase.State = CaseState.Supplemented;
            intakeCase.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return await AcceptApplicationHandler.Reload(db, intakeCase, cancellationToken);
    }

    /// <summary>
    /// In review, the supplement answers the oldest open request of a department and resumes exactly the process instance
    /// that asked (the review branch waiting with the case clock paused). The materials, the answer and the resumed
    /// process commit together or not at all; then Approval mirrors the reopened review and lets the case clock run.
    /// </summary>
    private async Task<Result<CaseView>> AnswerReviewRequestAsync(IntakeCase intakeCase, ReceiveSupplement request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Two windows recording supplements for one case at once each answer their own request: a request being answered is
        // locked, and the other window takes the next one (or is told none waits).
        var open = await db.DeficiencyNotices
            .FromSqlInterpolated($"SELECT * FROM intake.deficiency_notices WHERE case_id = {intakeCase.Id} AND stage = 'Review' AND answered_at IS NULL ORDER BY sequence LIMIT 1 FOR UPDATE SKIP LOCKED")
            .SingleOrDefaultAsync(cancellationToken);
        if (open is null)
        {
            return Error.Conflict("intake.case.no-notice", $"Case {intakeCase.CaseNumber} has no department's supplement request waiting for an answer.");
        }

        Record(intakeCase, request, now);
        open.AnsweredAt = now;
        await db.SaveChangesAsync(cancellationToken);
        var caseNumber = intakeCase.CaseNumber!;
        var step = await sender.Send(
            new CorrelateProcessMessage(caseNumber, IntakeProcess.SupplementMessage, null, $"intake-supplement:{open.Id}", open.InstanceId),
            cancellationToken);
        if (!step.Applied)
        {
            await transaction.RollbackAsync(cancellationToken);
            return Error.Conflict("intake.process.refused", $"The review process of case {caseNumber} is not waiting for this supplement: {step.Error}");
        }

        await transaction.CommitAsync(cancellationToken);
        await sender.Send(new RecordSupplementReceived(caseNumber), cancellationToken);
        return await AcceptApplicationHandler.Reload(db, intakeCase, cancellationToken);
    }

    private static void Record(IntakeCase intakeCase, ReceiveSupplement request, DateTimeOffset now)
    {
        var held = intakeCase.Materials.Where(m => request.Materials.All(r => r.Code != m.Code)).ToList();
        held.AddRange(request.Materials.Select(m => new CaseMaterial(m.Code, m.Copies ?? 1, m.Form ?? MaterialForm.Original, now)));
        intakeCase.Materials = held;
        intakeCase.UpdatedAt = now;
    }
}

/// <summary>A supervisor permits one break of the single-notice rule on a case, with a reason; used by the next such act.</summary>
internal sealed record GrantOverride(OverrideKind? Kind, string Reason, IReadOnlyList<string>? Materials) : IRequest<Result<OverrideView>>
{
    [JsonIgnore]
    public string Reference { get; init; } = string.Empty;

    [JsonIgnore]
    public Actor? Actor { get; init; }
}

internal sealed record OverrideView(long Id, OverrideKind Kind, string Reason, IReadOnlyList<string> Materials, string GrantedBy, DateTimeOffset GrantedAt);

internal sealed class GrantOverrideValidator : AbstractValidator<GrantOverride>
{
    public GrantOverrideValidator()
    {
        RuleFor(o => o.Kind).NotNull().IsInEnum();
        RuleFor(o => o.Reason).NotEmpty().WithMessage("An override must give its reason.").MaximumLength(2000);
        RuleFor(o => o.Materials).Must(m => m!.Count <= 200).When(o => o.Materials is not null).WithMessage("At most 200 materials.");
        RuleForEach(o => o.Materials).NotEmpty().MaximumLength(32);
    }
}

internal sealed class GrantOverrideHandler(IntakeDbContext db, TimeProvider clock) : IRequestHandler<GrantOverride, Result<OverrideView>>
{
    public async Task<Result<OverrideView>> Handle(GrantOverride request, CancellationToken cancellationToken)
    {
        var loaded = await WindowDecision.LoadAsync(db, request.Reference, decider: null, [], cancellationToken);
        if (loaded.Error is { } stopped)
        {
            return stopped;
        }

        var intakeCase = loaded.Value;

        if (!await db.DeficiencyNotices.AnyAsync(n => n.CaseId == intakeCase.Id, cancellationToken))
        {
            return Error.Conflict("intake.override.not-needed", $"Case {intakeCase.ReceptionNumber} has had no deficiency notice; the single-notice rule does not stand in the way yet.");
        }

        var grant = new SupervisorOverride
        {
            CaseId = intakeCase.Id,
            Kind = request.Kind!.Value,
            Materials = [.. request.Materials ?? []],
            Reason = request.Reason,
            GrantedBy = request.Actor!.Id,
            GrantedByName = request.Actor.Name,
            GrantedAt = clock.GetUtcNow(),
        };
        db.SupervisorOverrides.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        return new OverrideView(grant.Id, grant.Kind, grant.Reason, grant.Materials, grant.GrantedByName, grant.GrantedAt);
    }
}

/// <summary>The guard every window decision on a case starts with.</summary>
file static class WindowDecision
{
    /// <summary>
    /// The case <paramref name="reference"/> names, or why the decision stops there: no such case (404); the actor is not
    /// the one to decide on it (rule 1, when a <paramref name="decider"/> is given: 403); a material the request names is
    /// not on the item's list (400 naming the request's field).
    /// </summary>
    public static async Task<Result<IntakeCase>> LoadAsync(
        IntakeDbContext db, string reference, Actor? decider, IEnumerable<(string Code, string Field)> materials, CancellationToken cancellationToken)
    {
        var intakeCase = await Cases.FindAsync(db, reference, cancellationToken);
        if (intakeCase is null)
        {
            return Cases.NotFound(reference);
        }

        if (decider is not null && Cases.MayDecide(intakeCase, decider) is { } forbidden)
        {
            return forbidden;
        }

        foreach (var (code, field) in materials)
        {
            if (intakeCase.ServiceItem.Materials.All(m => m.Code != code))
            {
                return Error.Invalid("intake.material.unknown", $"{intakeCase.ServiceItem.Name} has no material {code} in its list.", field);
            }
        }

        return intakeCase;
    }
}

/// <summary>Violations and events for e-supervision, written to the outbox with the change they report (rule 5).</summary>
internal static class Violations
{
    public static LedgerEntryDue SecondNotice(IntakeCase c, SupervisorOverride grant, Actor actor, IEnumerable<string> materials, DateTimeOffset at) => new(new RecordLedgerEntry(
        LedgerEntryKind.SecondNoticeOverride,
        $"intake:override:{grant.Id}",
        "case",
        c.CaseNumber ?? c.ReceptionNumber,
        actor.Name,
        $"Second deficiency notice on {c.ReceptionNumber} ({string.Join(", ", materials)}) under the override of {grant.GrantedByName}: {grant.Reason}",
        at));

    public static LedgerEntryDue Refusal(IntakeCase c, SupervisorOverride grant, Actor actor, IEnumerable<string> materials, DateTimeOffset at) => new(new RecordLedgerEntry(
        LedgerEntryKind.RefusalOverride,
        $"intake:override:{grant.Id}",
        "case",
        c.CaseNumber ?? c.ReceptionNumber,
        actor.Name,
        $"Refusal of {c.ReceptionNumber} for what the notice did not list ({string.Join(", ", materials)}) under the override of {grant.GrantedByName}: {grant.Reason}",
        at));
}

/// <summary>A ledger entry to record once the change that caused it is committed (through the outbox, at least once).</summary>
internal sealed record LedgerEntryDue(RecordLedgerEntry Entry) : INotification;

internal sealed class LedgerEntryDueHandler(ISender sender) : INotificationHandler<LedgerEntryDue>
{
    // RecordLedgerEntry is idempotent on its source key, so a redelivered message records nothing twice.
    public async Task Handle(LedgerEntryDue notification, CancellationToken cancellationToken) => await sender.Send(notification.Entry, cancellationToken);
}

internal static class DecisionEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/cases/{reference}/acceptance", async (string reference, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new AcceptApplication(reference, context.Actor()!), ct)).ToHttp())
            .RequireAuthorization(Policies.WindowStaff)
            .WithName("AcceptCase")
            .WithSummary("Accepts a complete application (受理): case number, committed completion date.")
            .Produces<CaseView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/cases/{reference}/deficiency-notice", async (string reference, IssueNotice request, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(request with { Reference = reference, Actor = context.Actor() }, ct)).ToHttp())
            .RequireAuthorization(Policies.WindowStaff)
            .WithName("IssueDeficiencyNotice")
            .WithSummary("Issues the single deficiency notice (一次性补正告知) listing every missing or defective material.")
            .Produces<CaseView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/cases/{reference}/refusal", async (string reference, RefuseApplication request, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(request with { Reference = reference, Actor = context.Actor() }, ct)).ToHttp())
            .RequireAuthorization(Policies.WindowStaff)
            .WithName("RefuseCase")
            .WithSummary("Refuses to accept an application (不予受理) with reasons and legal basis.")
            .Produces<CaseView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/cases/{reference}/supplement", async (string reference, ReceiveSupplement request, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(request with { Reference = reference, Actor = context.Actor() }, ct)).ToHttp())
            .RequireAuthorization(Policies.WindowStaff)
            .WithName("ReceiveSupplement")
            .WithSummary("Records the materials the applicant supplemented; the process resumes (recheck, or the department's review).")
            .Produces<CaseView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/cases/{reference}/overrides", async (string reference, GrantOverride request, HttpContext context, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(request with { Reference = reference, Actor = context.Actor() }, ct);
                return result.IsSuccess ? Results.Created($"/api/intake/cases/{reference}", result.Value) : result.Error!.ToProblem();
            })
            .RequireAuthorization(Policies.Supervisors)
            .WithName("GrantSingleNoticeOverride")
            .WithSummary("A supervisor permits one second notice or one refusal outside the notice, with a reason; its use is recorded as a violation.")
            .Produces<OverrideView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
