using CaseFlow.Approval.Persistence;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Workflow;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Approval.Features.Clocks;

/// <summary>
/// The case's clocks in the Deadline module (rule 3, 限时办结), reached only through its contract. They start at
/// acceptance; afterwards the process decides whether they run: while a review waits for the applicant's supplement
/// (a token in a <c>caseflow:pausesClock</c> element) they are paused, when it comes they run again, and when the
/// process ends they stop. <see cref="SyncAsync"/> compares and corrects, so it is safe to run any number of times, from
/// any node, and a step whose clock change was lost (a crash between the two) is corrected by the next read.
/// </summary>
internal sealed class CaseClocks(ISender sender, ILogger<CaseClocks> logger)
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
        foreach (var id in new[] { approval.CommittedClockId, approval.StatutoryClockId })
        {
            if (id is not { } clockId || await sender.Send(new GetClock(clockId), cancellationToken) is not { IsSuccess: true } read)
            {
                continue;
            }

            var clock = read.Value;
            Result<ClockDto>? change = null;
            if (clock.State == ClockState.Stopped)
            {
                continue;
            }

            if (ended)
            {
                change = await sender.Send(new StopClock(clockId), cancellationToken);
            }
            else if (clock.State == ClockState.Running && process.ClockPaused)
            {
                change = await sender.Send(
                    new PauseClock(clockId, PauseReason.Supplement, $"{approval.CaseNumber} 审查阶段补正告知 (review-stage deficiency notice)"), cancellationToken);
            }
            else if (clock.State == ClockState.Paused && !process.ClockPaused && clock.Pauses.Count > 0 && clock.Pauses[^1] is { Reason: PauseReason.Supplement, ResumedAt: null })
            {
                // Only the pause for a supplement is this module's to end: a hearing or an inspection is resumed by whoever paused it.
                change = await sender.Send(new ResumeClock(clockId), cancellationToken);
            }

            if (change is { IsSuccess: false } refused)
            {
                // Another node made the same change a moment ago (409): the clock already is where the process says.
                logger.LogInformation("Clock {Clock} of case {Case}: {Code}", clock.OwnerKey, approval.CaseNumber, refused.Error!.Code);
            }
        }
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
