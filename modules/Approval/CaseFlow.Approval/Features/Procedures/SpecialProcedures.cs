using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Features.Clocks;
using CaseFlow.Approval.Features.Tasks;
using CaseFlow.Approval.Persistence;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Supervision.Contracts;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CaseFlow.Approval.Features.Procedures;

/// <summary>Who may do what with a case's clocks, and the case row lock the changes take turns on.</summary>
internal static class CaseClockAccess
{
    /// <summary>
    /// Special procedures and extension requests are the work of the departments working the case: an approver of the
    /// lead department (the lead approver included), or of a co-department that has a branch of the case.
    /// </summary>
    public static async Task<Error?> MayWorkAsync(ApprovalDbContext db, Actor actor, ApprovalCase approval, CancellationToken cancellationToken)
    {
        if ((actor.IsIn(StaffRoles.DepartmentApprover) || actor.IsIn(StaffRoles.LeadApprover)) && actor.DepartmentCode is { } department)
        {
            if (department == approval.LeadDepartment)
            {
                return null;
            }

            if (approval.CoDepartments.Contains(department)
                && await db.DepartmentTasks.AnyAsync(t => t.RegionCode == approval.RegionCode && t.CaseNumber == approval.CaseNumber && t.DepartmentCode == department, cancellationToken))
            {
                return null;
            }
        }

        return Error.Forbidden("approval.not-working-the-case", $"Only an approver of a department working case {approval.CaseNumber} may do this.");
    }

    /// <summary>An extension is approved by the head (art. 42: 经本行政机关负责人批准): the lead department's lead approver, or a supervisor.</summary>
    public static Error? MayDecideExtension(Actor actor, ApprovalCase approval) =>
        (actor.IsIn(StaffRoles.LeadApprover) && actor.DepartmentCode == approval.LeadDepartment) || actor.IsIn(StaffRoles.Supervisor)
            ? null
            : Error.Forbidden("approval.extension-not-approver", $"Only the lead approver of {approval.LeadDepartment} or a supervisor may approve or deny the extension of case {approval.CaseNumber}.");

    /// <summary>Locks the case row: changes to one case's clocks take turns (two nodes, double clicks).</summary>
    public static Task<ApprovalCase?> LockAsync(ApprovalDbContext db, string caseNumber, CancellationToken cancellationToken) =>
        db.Cases.FromSqlInterpolated($"SELECT * FROM approval.approval_cases WHERE region_code = {ApprovalModule.DefaultRegion} AND case_number = {caseNumber} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);

    public static Error NotFound(string caseNumber) => Error.NotFound("approval.case-not-found", $"There is no case {caseNumber} in approval.");

    /// <summary>A case that has completed, or has no clock, has nothing to pause or extend.</summary>
    public static Error? Open(ApprovalCase approval) =>
        approval.Result is not null
            ? Error.Conflict("approval.case-completed", $"The case {approval.CaseNumber} is completed; its clocks stopped.")
            : approval.CommittedClockId is null || approval.StatutoryClockId is null
                ? Error.Conflict("approval.no-case-clock", $"The case {approval.CaseNumber} has no running clocks.")
                : null;

    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public static string Text(string? value) => value?.Trim() ?? string.Empty;
}

/// <summary>
/// Rule 3: a special procedure the law does not count (hearing, expert review, inspection, public notice) pauses both
/// case clocks. The procedure row is the truth and commits first, with its ledger entry in the outbox (rule 5: a
/// monitored node); the clocks then follow it through <see cref="CaseClocks"/>, which the next case read repeats if a
/// crash came between.
/// </summary>
internal sealed class StartSpecialProcedureHandler(ApprovalDbContext db, ISender sender, TaskMirror mirror, TimeProvider clock)
    : IRequestHandler<StartSpecialProcedure, Result<SpecialProcedureDto>>
{
    internal const int MaxPlannedDays = 250;

    public async Task<Result<SpecialProcedureDto>> Handle(StartSpecialProcedure request, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var kind = ParseKind(request.Kind)!.Value;
        SpecialProcedure procedure;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var approval = await CaseClockAccess.LockAsync(db, request.CaseNumber, cancellationToken);
            if (approval is null)
            {
                return CaseClockAccess.NotFound(request.CaseNumber);
            }

            if (await CaseClockAccess.MayWorkAsync(db, request.Actor, approval, cancellationToken) is { } denied)
            {
                return denied;
            }

            if (CaseClockAccess.Open(approval) is { } closed)
            {
                return closed;
            }

            if (await db.SpecialProcedures.AsNoTracking().FirstOrDefaultAsync(p => p.RegionCode == approval.RegionCode && p.CaseNumber == approval.CaseNumber && p.EndedAt == null, cancellationToken) is { } open)
            {
                return Error.Conflict(
                    "approval.special-procedure-open",
                    $"A special procedure ({open.Kind}, notice {open.NoticeReference}) is open on case {approval.CaseNumber} since {open.StartedAt:yyyy-MM-dd}; end it before starting another.");
            }

            if (await sender.Send(new GetClock(approval.CommittedClockId!.Value), cancellationToken) is { IsSuccess: true, Value: { State: ClockState.Paused } paused })
            {
                // The clock already stands still (a review waits for the applicant's supplement); the procedure starts once it runs.
                return Error.Conflict(
                    "approval.clock-paused",
                    $"The clock of case {approval.CaseNumber} is paused ({paused.Pauses[^1].Reason}); a special procedure can start once it runs again.");
            }

            var now = clock.GetUtcNow();
            procedure = new SpecialProcedure
            {
                Id = Guid.CreateVersion7(now),
                RegionCode = approval.RegionCode,
                CaseNumber = approval.CaseNumber,
                Kind = kind,
                NoticeReference = CaseClockAccess.Text(request.NoticeReference),
                PlannedWorkingDays = request.PlannedWorkingDays,
                Reason = CaseClockAccess.Text(request.Reason),
                StartedBy = request.Actor.Id,
                StartedByName = request.Actor.Name,
                StartedAt = now,
            };
            db.SpecialProcedures.Add(procedure);
            db.AddNotification(new ClockLedgerEntryDue(new RecordLedgerEntry(
                LedgerEntryKind.SpecialProcedure,
                $"approval:special-procedure:{procedure.Id}:started",
                "case",
                approval.CaseNumber,
                request.Actor.Name,
                $"{kind} started on case {approval.CaseNumber} (notice {procedure.NoticeReference}"
                    + (procedure.PlannedWorkingDays is { } days ? $", planned {days} working days" : string.Empty)
                    + $"): both case clocks paused. {procedure.Reason}",
                now)), now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (CaseClockAccess.IsUniqueViolation(e))
            {
                return Error.Conflict("approval.special-procedure-open", $"A special procedure is already open on case {request.CaseNumber}.");
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // After commit: the clocks follow the procedure (and the process), as every case read makes them.
        await mirror.SyncAsync(procedure.CaseNumber, cancellationToken);
        return procedure.ToDto();
    }

    public static SpecialProcedureKind? ParseKind(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        "hearing" => SpecialProcedureKind.Hearing,
        "expert-review" or "expertreview" => SpecialProcedureKind.ExpertReview,
        "inspection" => SpecialProcedureKind.Inspection,
        "public-notice" or "publicnotice" => SpecialProcedureKind.PublicNotice,
        _ => null,
    };

    private static Error? Validate(StartSpecialProcedure request)
    {
        if (ParseKind(request.Kind) is null)
        {
            return Error.Invalid("approval.special-procedure-kind", "The kind is one of hearing, expert-review, inspection, public-notice.", "kind");
        }

        // A pause rests on the written notice the applicant was given (Administrative Licensing Law art. 45: 告知申请人).
        if (CaseClockAccess.Text(request.NoticeReference) is { Length: 0 or > 200 })
        {
            return Error.Invalid("approval.notice-reference", "Give the number of the written notice to the applicant (at most 200 characters).", "noticeReference");
        }

        if (request.PlannedWorkingDays is < 1 or > MaxPlannedDays)
        {
            return Error.Invalid("approval.planned-working-days", $"The planned working days are between 1 and {MaxPlannedDays}.", "plannedWorkingDays");
        }

        if (CaseClockAccess.Text(request.Reason) is { Length: 0 or > 1000 })
        {
            return Error.Invalid("approval.reason-required", "Give the reason (at most 1000 characters).", "reason");
        }

        return null;
    }
}

internal sealed class EndSpecialProcedureHandler(ApprovalDbContext db, ISender sender, TaskMirror mirror, TimeProvider clock)
    : IRequestHandler<EndSpecialProcedure, Result<SpecialProcedureDto>>
{
    public async Task<Result<SpecialProcedureDto>> Handle(EndSpecialProcedure request, CancellationToken cancellationToken)
    {
        SpecialProcedure procedure;
        Guid committedClock;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var approval = await CaseClockAccess.LockAsync(db, request.CaseNumber, cancellationToken);
            if (approval is null)
            {
                return CaseClockAccess.NotFound(request.CaseNumber);
            }

            if (await CaseClockAccess.MayWorkAsync(db, request.Actor, approval, cancellationToken) is { } denied)
            {
                return denied;
            }

            if (CaseClockAccess.Open(approval) is { } closed)
            {
                return closed;
            }

            var open = await db.SpecialProcedures.SingleOrDefaultAsync(p => p.RegionCode == approval.RegionCode && p.CaseNumber == approval.CaseNumber && p.EndedAt == null, cancellationToken);
            if (open is null)
            {
                return Error.Conflict("approval.no-special-procedure", $"No special procedure is open on case {approval.CaseNumber}.");
            }

            var now = clock.GetUtcNow();
            open.EndedAt = now;
            open.EndedBy = request.Actor.Id;
            open.EndedByName = request.Actor.Name;
            db.AddNotification(new ClockLedgerEntryDue(new RecordLedgerEntry(
                LedgerEntryKind.SpecialProcedure,
                $"approval:special-procedure:{open.Id}:ended",
                "case",
                approval.CaseNumber,
                request.Actor.Name,
                $"{open.Kind} ended on case {approval.CaseNumber} (notice {open.NoticeReference}): both case clocks resumed.",
                now)), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            procedure = open;
            committedClock = approval.CommittedClockId!.Value;
        }

        await mirror.SyncAsync(procedure.CaseNumber, cancellationToken);
        // The working days of the pause moved the due moments; the procedure keeps where the committed one landed.
        if (await sender.Send(new GetClock(committedClock), cancellationToken) is { IsSuccess: true } read)
        {
            procedure.CommittedDueAt = read.Value.DueAt;
            await db.SaveChangesAsync(cancellationToken);
        }

        return procedure.ToDto();
    }
}

/// <summary>A ledger entry to record once the change that caused it is committed (through the outbox, at least once).</summary>
internal sealed record ClockLedgerEntryDue(RecordLedgerEntry Entry) : INotification;

internal sealed class ClockLedgerEntryDueHandler(ISender sender) : INotificationHandler<ClockLedgerEntryDue>
{
    // RecordLedgerEntry is idempotent on its source key, so a redelivered message records nothing twice.
    public async Task Handle(ClockLedgerEntryDue notification, CancellationToken cancellationToken) => await sender.Send(notification.Entry, cancellationToken);
}
