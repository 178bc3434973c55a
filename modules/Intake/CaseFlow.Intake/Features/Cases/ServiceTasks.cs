using System.Text.Json;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Workflow;
using CaseFlow.Supervision.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Cases;

// The intake process's service tasks. They run inside the process's trigger (which holds the instance's lock), so they
// only write the module's tables and outbox and never send a step to their own instance. Delivery is at least once:
// each remembers its job id in handled_jobs, in the same transaction as its change, and does nothing the second time.

internal sealed class AcceptCaseHandler(IntakeDbContext db, ISender sender, TimeProvider clock) : IRequestHandler<AcceptCase, ServiceTaskResult>
{
    public async Task<ServiceTaskResult> Handle(AcceptCase request, CancellationToken cancellationToken)
    {
        if (await ServiceTaskJobs.HandledAsync(db, request, cancellationToken))
        {
            return ServiceTaskResult.None;
        }

        var intakeCase = await ServiceTaskJobs.CaseOfAsync(db, request, cancellationToken);
        var caseNumber = await Acceptance.AcceptAsync(db, sender, clock, intakeCase, deemed: false, ServiceTaskJobs.Key(request), "intake.acceptCase", cancellationToken);
        return new ServiceTaskResult(new Dictionary<string, object?> { ["caseNumber"] = caseNumber });
    }
}

internal sealed class DeemCaseAcceptedHandler(IntakeDbContext db, ISender sender, TimeProvider clock) : IRequestHandler<DeemCaseAccepted, ServiceTaskResult>
{
    public async Task<ServiceTaskResult> Handle(DeemCaseAccepted request, CancellationToken cancellationToken)
    {
        if (await ServiceTaskJobs.HandledAsync(db, request, cancellationToken))
        {
            return ServiceTaskResult.None;
        }

        // Administrative Licensing Law art. 32: neither acceptance nor notice within 5 working days of receipt, so the
        // application counts as accepted from the day it was received.
        var intakeCase = await ServiceTaskJobs.CaseOfAsync(db, request, cancellationToken);
        var caseNumber = await Acceptance.AcceptAsync(db, sender, clock, intakeCase, deemed: true, ServiceTaskJobs.Key(request), "intake.deemAccepted", cancellationToken);
        return new ServiceTaskResult(new Dictionary<string, object?> { ["caseNumber"] = caseNumber });
    }
}

internal sealed class IssueDeficiencyNoticeHandler(IntakeDbContext db, TimeProvider clock) : IRequestHandler<IssueDeficiencyNotice, ServiceTaskResult>
{
    public async Task<ServiceTaskResult> Handle(IssueDeficiencyNotice request, CancellationToken cancellationToken)
    {
        if (await ServiceTaskJobs.HandledAsync(db, request, cancellationToken))
        {
            return ServiceTaskResult.None;
        }

        var intakeCase = await ServiceTaskJobs.CaseOfAsync(db, request, cancellationToken);
        var now = clock.GetUtcNow();
        // The clerk's list comes in missingMaterials; a step taken around the module (the raw workflow API) gets the
        // check's own findings, so a notice never lists less than what is missing.
        var items = MaterialCheck.Deficiencies(intakeCase.ServiceItem, intakeCase.Materials);
        if (IntakeProcess.Variable(request.Variables, "missingMaterials") is { ValueKind: JsonValueKind.Array } listed)
        {
            foreach (var entry in listed.EnumerateArray())
            {
                var code = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("code", out var c) ? c.GetString() : entry.ValueKind == JsonValueKind.String ? entry.GetString() : null;
                var problem = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("problem", out var p) ? p.GetString() : null;
                if (intakeCase.ServiceItem.Materials.FirstOrDefault(m => m.Code == code) is { } requirement && items.All(i => i.Code != code))
                {
                    items.Add(new NoticeItem(requirement.Code, requirement.Name, problem ?? MaterialCheck.Missing, requirement.LegalBasis));
                }
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.DeficiencyNotices.AnyAsync(n => n.CaseId == intakeCase.Id, cancellationToken))
        {
            db.DeficiencyNotices.Add(new DeficiencyNotice
            {
                CaseId = intakeCase.Id,
                Sequence = 1,
                Stage = NoticeStage.Intake,
                Items = items,
                IssuedBy = intakeCase.FirstContactName,
                IssuedAt = now,
                JobId = ServiceTaskJobs.Key(request),
            });
        }

        intakeCase.State = CaseState.NoticeIssued;
        intakeCase.UpdatedAt = now;
        ServiceTaskJobs.Remember(db, ServiceTaskJobs.Key(request), "intake.issueDeficiencyNotice", intakeCase.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceTaskResult.None;
    }
}

internal sealed class RefuseCaseHandler(IntakeDbContext db, TimeProvider clock) : IRequestHandler<RefuseCase, ServiceTaskResult>
{
    public async Task<ServiceTaskResult> Handle(RefuseCase request, CancellationToken cancellationToken)
    {
        if (await ServiceTaskJobs.HandledAsync(db, request, cancellationToken))
        {
            return ServiceTaskResult.None;
        }

        var intakeCase = await ServiceTaskJobs.CaseOfAsync(db, request, cancellationToken);
        var now = clock.GetUtcNow();
        var refusal = IntakeProcess.Variable(request.Variables, "refusal");
        string? Text(string name) => refusal is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var materials = refusal is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("materials", out var m) && m.ValueKind == JsonValueKind.Array
            ? m.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
        long? overrideId = refusal is { ValueKind: JsonValueKind.Object } g && g.TryGetProperty("overrideId", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64() : null;
        intakeCase.Refusal = new RefusalRecord(
            Text("reasons") ?? "(no reasons were given: the step was taken outside the intake API)",
            Text("legalBasis") ?? "(no legal basis was given)",
            materials,
            Text("refusedBy") ?? intakeCase.FirstContactName,
            overrideId);
        intakeCase.State = CaseState.Refused;
        intakeCase.RefusedAt = now;
        intakeCase.UpdatedAt = now;
        ServiceTaskJobs.Remember(db, ServiceTaskJobs.Key(request), "intake.refuseCase", intakeCase.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceTaskResult.None;
    }
}

internal sealed class RequestSupplementHandler(IntakeDbContext db, TimeProvider clock) : IRequestHandler<RequestSupplement, ServiceTaskResult>
{
    public async Task<ServiceTaskResult> Handle(RequestSupplement request, CancellationToken cancellationToken)
    {
        if (await ServiceTaskJobs.HandledAsync(db, request, cancellationToken))
        {
            return ServiceTaskResult.None;
        }

        // supplementMaterials lists the codes asked for, each with the problem found ({code, problem}); a bare code takes
        // supplementReason (the raw workflow API's older shape).
        var reason = IntakeProcess.Variable(request.Variables, "supplementReason") is { ValueKind: JsonValueKind.String } r ? r.GetString() : null;
        var asked = SupplementMaterials.Read(IntakeProcess.Variable(request.Variables, "supplementMaterials"), reason);
        var materials = asked.Select(a => a.Code).ToList();
        var decision = await SupplementRules.EvaluateAsync(db, request.BusinessKey ?? string.Empty, materials, cancellationToken);
        if (!decision.Check.Allowed)
        {
            // The sender was to ask CheckSupplementRequest first; reaching here is a bug, so the trigger fails and nothing changes.
            throw new InvalidOperationException($"intake.requestSupplement refused for {request.BusinessKey}: {decision.Check.ErrorCode}: {decision.Check.Message}");
        }

        var intakeCase = decision.Case!;
        var now = clock.GetUtcNow();
        var sequence = await db.DeficiencyNotices.Where(n => n.CaseId == intakeCase.Id).Select(n => (int?)n.Sequence).MaxAsync(cancellationToken) ?? 0;
        db.DeficiencyNotices.Add(new DeficiencyNotice
        {
            CaseId = intakeCase.Id,
            Sequence = sequence + 1,
            Stage = NoticeStage.Review,
            Items = [.. asked.Select(a => (Asked: a, Requirement: intakeCase.ServiceItem.Materials.First(m => m.Code == a.Code)))
                .Select(x => new NoticeItem(x.Requirement.Code, x.Requirement.Name, x.Asked.Problem, x.Requirement.LegalBasis))],
            IssuedAt = now,
            OverrideId = decision.Grant?.Id,
            JobId = ServiceTaskJobs.Key(request),
            InstanceId = request.InstanceId,
        });
        if (decision.Grant is { } grant)
        {
            grant.UsedAt = now;
            db.AddNotification(new LedgerEntryDue(new RecordLedgerEntry(
                LedgerEntryKind.SecondNoticeOverride,
                $"intake:override:{grant.Id}",
                "case",
                intakeCase.CaseNumber!,
                null,
                $"Review-stage supplement request on {intakeCase.CaseNumber} for what the notice did not list ({string.Join(", ", materials)}) under the override of {grant.GrantedByName}: {grant.Reason}",
                now)), now);
        }

        ServiceTaskJobs.Remember(db, ServiceTaskJobs.Key(request), "intake.requestSupplement", intakeCase.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceTaskResult.None;
    }
}

/// <summary>The materials a review-stage supplement request names, in the shapes a process variable may hold them.</summary>
internal static class SupplementMaterials
{
    public const string DefaultProblem = "asked for by the reviewing department";

    public sealed record Asked(string Code, string Problem);

    public static List<Asked> Read(JsonElement? variable, string? reason)
    {
        var asked = new List<Asked>();
        if (variable is not { ValueKind: JsonValueKind.Array } list)
        {
            return asked;
        }

        foreach (var entry in list.EnumerateArray())
        {
            var code = entry.ValueKind switch
            {
                JsonValueKind.String => entry.GetString(),
                JsonValueKind.Object when entry.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
                _ => null,
            };
            var problem = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("problem", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            if (!string.IsNullOrWhiteSpace(code) && asked.All(a => a.Code != code))
            {
                asked.Add(new Asked(code, string.IsNullOrWhiteSpace(problem) ? reason ?? DefaultProblem : problem));
            }
        }

        return asked;
    }
}

internal sealed class CheckSupplementRequestHandler(IntakeDbContext db) : IRequestHandler<CheckSupplementRequest, SupplementRequestCheck>
{
    public async Task<SupplementRequestCheck> Handle(CheckSupplementRequest request, CancellationToken cancellationToken) =>
        (await SupplementRules.EvaluateAsync(db, request.CaseNumber, [.. request.Materials.Distinct(StringComparer.Ordinal)], cancellationToken)).Check;
}

/// <summary>
/// Rule 2 (一次告知) at the review stage. A case gets one deficiency notice, at intake or in review: a department's
/// request on a case that had none is that one notice; after a notice, a department may hold the case again only for
/// materials the notice listed (their supplement proved insufficient), anything else needs a supervisor's override and
/// is recorded as a SecondNoticeOverride violation.
/// </summary>
internal static class SupplementRules
{
    public sealed record Decision(SupplementRequestCheck Check, IntakeCase? Case, SupervisorOverride? Grant);

    public static async Task<Decision> EvaluateAsync(IntakeDbContext db, string caseNumber, List<string> materials, CancellationToken cancellationToken)
    {
        var intakeCase = await db.Cases.SingleOrDefaultAsync(c => c.RegionCode == IntakeModule.DefaultRegion && c.CaseNumber == caseNumber, cancellationToken);
        if (intakeCase is not { State: CaseState.Accepted })
        {
            return Refused("intake.case.not-accepted", $"There is no accepted case {caseNumber}.");
        }

        if (materials.Count == 0)
        {
            return Refused("intake.supplement.no-materials", "A supplement request must name the materials it asks for (一次告知: all of them at once).");
        }

        if (materials.FirstOrDefault(code => intakeCase.ServiceItem.Materials.All(m => m.Code != code)) is { } unknown)
        {
            return Refused("intake.material.unknown", $"{intakeCase.ServiceItem.Name} (version {intakeCase.ServiceItemVersion}) has no material {unknown} in its list.", unknown);
        }

        var listed = await Cases.ListedMaterialsAsync(db, intakeCase.Id, cancellationToken);
        var hadNotice = await db.DeficiencyNotices.AnyAsync(n => n.CaseId == intakeCase.Id, cancellationToken);
        if (!hadNotice || materials.All(listed.Contains))
        {
            return new Decision(new SupplementRequestCheck(true, null, null), intakeCase, null);
        }

        var grant = await Cases.UnusedOverrideAsync(db, intakeCase.Id, OverrideKind.SecondNotice, cancellationToken);
        return grant is not null
            ? new Decision(new SupplementRequestCheck(true, null, null), intakeCase, grant)
            : Refused(
                "intake.notice.already-issued",
                $"Case {caseNumber} already had its single deficiency notice (一次告知), which did not list {string.Join(", ", materials.Where(m => !listed.Contains(m)))}; asking for it needs a supervisor's override.",
                materials.First(m => !listed.Contains(m)));

        static Decision Refused(string code, string message, string? material = null) => new(new SupplementRequestCheck(false, code, message, material), null, null);
    }
}

internal static class ServiceTaskJobs
{
    /// <summary>Job ids are numbered per process instance, so the instance is part of the key.</summary>
    public static string Key(ServiceTaskRequest request) => $"{request.InstanceId:N}:{request.JobId}";

    public static Task<bool> HandledAsync(IntakeDbContext db, ServiceTaskRequest request, CancellationToken cancellationToken)
    {
        var key = Key(request);
        return db.HandledJobs.AnyAsync(j => j.JobId == key, cancellationToken);
    }

    public static void Remember(IntakeDbContext db, string jobId, string handler, long caseId, DateTimeOffset at) =>
        db.HandledJobs.Add(new HandledJob { JobId = jobId, Handler = handler, CaseId = caseId, HandledAt = at });

    public static async Task<IntakeCase> CaseOfAsync(IntakeDbContext db, ServiceTaskRequest request, CancellationToken cancellationToken) =>
        await Cases.FindAsync(db, request.BusinessKey ?? string.Empty, cancellationToken)
            ?? throw new InvalidOperationException($"{request.ElementId} of instance {request.InstanceId} names no intake case (business key '{request.BusinessKey}').");
}

internal static class Acceptance
{
    /// <summary>受理: a case number unique per center and year, the committed date, and CaseAccepted for the departments.</summary>
    public static async Task<string?> AcceptAsync(
        IntakeDbContext db, ISender sender, TimeProvider clock, IntakeCase intakeCase, bool deemed, string jobId, string handler, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (intakeCase.State is CaseState.Accepted or CaseState.Refused)
        {
            ServiceTaskJobs.Remember(db, jobId, handler, intakeCase.Id, now);
            await db.SaveChangesAsync(cancellationToken);
            return intakeCase.CaseNumber;
        }

        // Deemed acceptance counts from receipt (art. 32); the case clock (rule 3) starts at acceptance.
        var acceptedAt = deemed ? intakeCase.ReceivedAt : now;
        var day = CenterTime.Date(acceptedAt);
        var item = intakeCase.ServiceItem;
        var due = await sender.Send(new AddWorkingDays(Calendars.National, day, item.CommittedLimitDays), cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var number = await CaseNumbers.NextAsync(db, intakeCase.CenterCode, "case", day.Year, cancellationToken);
        intakeCase.CaseNumber = CaseNumbers.Case(day.Year, number);
        intakeCase.State = CaseState.Accepted;
        intakeCase.Deemed = deemed;
        intakeCase.AcceptedAt = acceptedAt;
        intakeCase.CommittedDate = due.Due;
        intakeCase.UpdatedAt = now;
        ServiceTaskJobs.Remember(db, jobId, handler, intakeCase.Id, now);
        db.AddNotification(
            new CaseAccepted(intakeCase.CaseNumber, item.Code, intakeCase.ServiceItemVersion, item.CaseType, item.LeadDepartment, item.CoDepartments,
                item.CommittedLimitDays, item.StatutoryLimitDays, acceptedAt, deemed, intakeCase.CenterCode, intakeCase.FirstContactId,
                intakeCase.FirstContactName, intakeCase.Window, CaseWorkflows.For(item)),
            now);
        if (deemed)
        {
            db.AddNotification(new LedgerEntryDue(new RecordLedgerEntry(
                LedgerEntryKind.DeemedAcceptance,
                $"intake:deemed:{intakeCase.ReceptionNumber}",
                "case",
                intakeCase.CaseNumber,
                intakeCase.FirstContactName,
                $"{intakeCase.ReceptionNumber} ({item.Name}) had neither acceptance nor notice within 5 working days of receipt and counts as accepted from {day:yyyy-MM-dd} as case {intakeCase.CaseNumber}.",
                now)), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return intakeCase.CaseNumber;
    }
}
