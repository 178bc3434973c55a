using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Persistence;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Approval.Features.Clocks;

/// <summary>
/// The case's clocks in the Deadline module (rule 3, 限时办结), reached only through its contract. They start at
/// acceptance; afterwards the process decides whether they run: while a review waits for the applicant's supplement
/// (a token in a <c>caseflow:pausesClock</c> element) they are paused, when it comes they run again, and when the
/// process ends they stop. <see cref="SyncAsync"/> compares and corrects, so it is safe to run any number of times, from
/// any node, and a step whose clock change was lost (a crash between the two) is corrected by the next read. The case's
/// special procedures and its approved extension are compared the same way: while a procedure is open both clocks are
/// paused for it, when it has ended its pause ends, and an approved extension is on the clocks.
/// </summary>
internal sealed class CaseClocks(ApprovalDbContext db, ISender sender, ILogger<CaseClocks> logger)
{
    /// <summary>Starts the committed and statutory clocks; null for a clock Deadline refused (logged).</summary>
    public async Task<(Guid? Committed, Guid? Statutory)> StartAsync(CaseAccepted accepted, CancellationToken cancellationToken)
    {
        // A deemed acceptance counts from receipt (art. 32): AcceptedAt is then the day of receipt.
        var committed = await StartOneAsync($"case:{accepted.CaseNumber}:committed", accepted.CommittedLimitDays, accepted.AcceptedAt, cancellationToken);
        var statutory = await StartOneAsync($"case:{accepted.CaseNumber}:statutory", accepted.StatutoryLimitDays, accepted.AcceptedAt, cancellationToken);
        return (committed, statutory);
    }

    public async Task SyncAsync(ApprovalCase approval, ProcessState process, CancellationToken cancellationToken)
    {
        var ended = process.Status != "Running";
        var procedures = await db.SpecialProcedures.AsNoTracking()
            .Where(p => p.RegionCode == approval.RegionCode && p.CaseNumber == approval.CaseNumber)
            .ToListAsync(cancellationToken);
        var open = procedures.SingleOrDefault(p => p.EndedAt is null);
        var extension = await db.Extensions.AsNoTracking()
            .SingleOrDefaultAsync(e => e.RegionCode == approval.RegionCode && e.CaseNumber == approval.CaseNumber && e.State == ExtensionState.Approved, cancellationToken);
        foreach (var (id, committed) in new[] { (approval.CommittedClockId, true), (approval.StatutoryClockId, false) })
        {
            if (id is not { } clockId || await sender.Send(new GetClock(clockId), cancellationToken) is not { IsSuccess: true } read)
            {
                continue;
            }

            var clock = read.Value;
            if (clock.State == ClockState.Stopped)
            {
                continue;
            }

            if (ended)
            {
                Log(approval, clock, await sender.Send(new StopClock(clockId), cancellationToken));
                continue;
            }

            // An approved extension the clock does not carry yet (the approval committed, the clock change was lost).
            if (extension is not null && clock.Extension is null && (committed || extension.StatutoryExtended))
            {
                clock = Log(approval, clock, await sender.Send(ExtensionOf(approval, extension, committed), cancellationToken));
            }

            if (open is not null)
            {
                // A special procedure is open: the law does not count it (rule 3), both clocks stand still until it ends.
                if (clock.State == ClockState.Running)
                {
                    clock = Log(approval, clock, await sender.Send(new PauseClock(clockId, PauseReasonOf(open.Kind), open.NoticeReference), cancellationToken));
                }

                continue;
            }

            if (clock.State == ClockState.Paused && clock.Pauses.Count > 0 && clock.Pauses[^1] is { Reason: not PauseReason.Supplement, ResumedAt: null } special
                && procedures.Any(p => p.EndedAt is not null && PauseReasonOf(p.Kind) == special.Reason && p.NoticeReference == special.NoticeReference))
            {
                // The special procedure that paused the clock has ended: the clock runs again (and may pause for a supplement below).
                clock = Log(approval, clock, await sender.Send(new ResumeClock(clockId), cancellationToken));
            }

            if (clock.State == ClockState.Running && process.ClockPaused)
            {
                Log(approval, clock, await sender.Send(
                    new PauseClock(clockId, PauseReason.Supplement, $"{approval.CaseNumber} 审查阶段补正告知 (review-stage deficiency notice)"), cancellationToken));
            }
            else if (clock.State == ClockState.Paused && !process.ClockPaused && clock.Pauses.Count > 0 && clock.Pauses[^1] is { Reason: PauseReason.Supplement, ResumedAt: null })
            {
                // Only the pauses for a supplement and for this module's special procedures are this module's to end: a pause
                // someone else made through the Deadline API is resumed by whoever made it.
                Log(approval, clock, await sender.Send(new ResumeClock(clockId), cancellationToken));
            }
        }
    }

    public static PauseReason PauseReasonOf(SpecialProcedureKind kind) => kind switch
    {
        SpecialProcedureKind.Hearing => PauseReason.Hearing,
        SpecialProcedureKind.ExpertReview => PauseReason.ExpertReview,
        SpecialProcedureKind.Inspection => PauseReason.Inspection,
        _ => PauseReason.PublicNotice,
    };

    /// <summary>
    /// The clock change an approved extension makes: the committed clock by the working days asked for; the statutory clock,
    /// when the committed one would pass it, by the Deadline module's configured art. 42 extension. The extension's id
    /// travels in the reason, so it can be recognised on the clock.
    /// </summary>
    public static ExtendClock ExtensionOf(ApprovalCase approval, CaseExtension extension, bool committed) => new(
        committed ? approval.CommittedClockId!.Value : approval.StatutoryClockId!.Value,
        approval.CaseType == CaseType.Joint,
        extension.DecidedByName ?? extension.DecidedBy ?? string.Empty,
        $"{extension.Reason} (case extension {extension.Id})",
        committed ? extension.WorkingDays : null);

    private ClockDto Log(ApprovalCase approval, ClockDto clock, Result<ClockDto> change)
    {
        if (change.IsSuccess)
        {
            return change.Value;
        }

        // Another node made the same change a moment ago (409): the clock already is where the case says.
        logger.LogInformation("Clock {Clock} of case {Case}: {Code}", clock.OwnerKey, approval.CaseNumber, change.Error!.Code);
        return clock;
    }

    private async Task<Guid?> StartOneAsync(string ownerKey, int limitDays, DateTimeOffset acceptedAt, CancellationToken cancellationToken)
    {
        // Idempotent in Deadline for the same owner, limit and calendar: a redelivered CaseAccepted finds the clock.
        var started = await sender.Send(new StartClock(ownerKey, limitDays, acceptedAt), cancellationToken);
        if (started.IsSuccess)
        {
            return started.Value.Id;
        }

        logger.LogWarning("The clock {Owner} could not be started: {Code} {Message}", ownerKey, started.Error!.Code, started.Error.Message);
        return null;
    }
}
