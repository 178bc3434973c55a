using CaseFlow.Deadline.Calendar;
using CaseFlow.Deadline.Clocks;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Deadline.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Deadline.Features.Clocks;

/// <summary>
/// Pause, resume, extend and stop share one shape: lock the clock's row (the scheduler skips it meanwhile), check the
/// transition, change it, recompute warn_at and due_at from scratch, commit once.
/// </summary>
internal sealed class ClockChange(DeadlineDbContext db, TimeProvider time, IOptions<DeadlineOptions> options)
{
    public DateTimeOffset Now { get; } = time.GetUtcNow();

    public DeadlineOptions Options => options.Value;

    public async Task<Result<ClockDto>> Apply(Guid clockId, Func<Clock, Error?> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var clock = await db.Clocks.FromSql($"SELECT * FROM deadline.clocks WHERE id = {clockId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (clock is null)
        {
            return Error.NotFound("clock.not-found", $"There is no clock {clockId}.");
        }

        await db.Entry(clock).Collection(c => c.Pauses).LoadAsync(cancellationToken);
        if (change(clock) is { } refused)
        {
            return refused;
        }

        var calendar = await CalendarStore.LoadAsync(db, clock.CalendarCode, cancellationToken)
            ?? throw new InvalidOperationException($"The calendar {clock.CalendarCode} of clock {clock.Id} is gone.");
        var moments = ClockSchedule.Compute(
            calendar,
            clock.StartedAt,
            clock.LimitDays + clock.ExtensionDays,
            clock.Pauses.Select(p => new PauseSpan(p.PausedAt, p.ResumedAt)),
            Options);
        clock.WarnAt = moments.WarnAt;
        clock.DueAt = moments.DueAt;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return clock.ToDto();
    }

    public static Error Stopped(Clock clock) =>
        Error.Conflict("clock.stopped", $"The clock {clock.OwnerKey} was stopped at completion; it cannot change any more.");
}

internal sealed class PauseClockValidator : AbstractValidator<PauseClock>
{
    public PauseClockValidator()
    {
        RuleFor(r => r.Reason).IsInEnum();
        // Rule 3 and the Administrative Licensing Law: a pause rests on a written notice to the applicant.
        RuleFor(r => r.NoticeReference).NotEmpty().MaximumLength(200);
    }
}

internal sealed class PauseClockHandler(ClockChange change) : IRequestHandler<PauseClock, Result<ClockDto>>
{
    public Task<Result<ClockDto>> Handle(PauseClock request, CancellationToken cancellationToken) =>
        change.Apply(
            request.ClockId,
            clock =>
            {
                switch (clock.State)
                {
                    case ClockState.Stopped:
                        return ClockChange.Stopped(clock);
                    case ClockState.Paused:
                        return Error.Conflict("clock.already-paused", $"The clock {clock.OwnerKey} is already paused; resume it first.");
                }

                clock.State = ClockState.Paused;
                clock.Pauses.Add(new ClockPause
                {
                    ClockId = clock.Id,
                    Number = clock.Pauses.Count + 1,
                    Reason = request.Reason,
                    NoticeReference = request.NoticeReference,
                    PausedAt = change.Now,
                });
                return null;
            },
            cancellationToken);
}

internal sealed class ResumeClockHandler(ClockChange change) : IRequestHandler<ResumeClock, Result<ClockDto>>
{
    public Task<Result<ClockDto>> Handle(ResumeClock request, CancellationToken cancellationToken) =>
        change.Apply(
            request.ClockId,
            clock =>
            {
                if (clock.State != ClockState.Paused)
                {
                    return clock.State == ClockState.Stopped
                        ? ClockChange.Stopped(clock)
                        : Error.Conflict("clock.not-paused", $"The clock {clock.OwnerKey} is running, not paused.");
                }

                clock.State = ClockState.Running;
                clock.Pauses.Single(p => p.ResumedAt is null).ResumedAt = change.Now;
                return null;
            },
            cancellationToken);
}

internal sealed class ExtendClockValidator : AbstractValidator<ExtendClock>
{
    public ExtendClockValidator()
    {
        RuleFor(r => r.ApprovedBy).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
        RuleFor(r => r.Days).GreaterThan(0).When(r => r.Days is not null);
    }
}

internal sealed class ExtendClockHandler(ClockChange change) : IRequestHandler<ExtendClock, Result<ClockDto>>
{
    public Task<Result<ClockDto>> Handle(ExtendClock request, CancellationToken cancellationToken) =>
        change.Apply(
            request.ClockId,
            clock =>
            {
                if (clock.State == ClockState.Stopped)
                {
                    return ClockChange.Stopped(clock);
                }

                // Rule 3 (限时办结): a limit "can be extended once with approval"; a second extension is refused.
                if (clock.ExtendedAt is not null)
                {
                    return Error.Conflict(
                        "clock.already-extended",
                        $"The clock {clock.OwnerKey} was already extended by {clock.ExtensionDays} working days; a limit can be extended only once.");
                }

                // The configured extension is the most one approval may grant (Administrative Licensing Law art. 42: 10 days,
                // 15 for joint handling); a case-level extension may ask for fewer working days.
                var allowed = request.Joint ? change.Options.JointExtensionDays : change.Options.ExtensionDays;
                if (request.Days > allowed)
                {
                    return Error.Invalid("clock.extension-too-long", $"One extension adds at most {allowed} working days.", "days");
                }

                clock.ExtensionDays = request.Days ?? allowed;
                clock.ExtensionJoint = request.Joint;
                clock.ExtensionApprovedBy = request.ApprovedBy;
                clock.ExtensionReason = request.Reason;
                clock.ExtendedAt = change.Now;
                return null;
            },
            cancellationToken);
}

internal sealed class StopClockHandler(ClockChange change) : IRequestHandler<StopClock, Result<ClockDto>>
{
    public Task<Result<ClockDto>> Handle(StopClock request, CancellationToken cancellationToken) =>
        change.Apply(
            request.ClockId,
            clock =>
            {
                if (clock.State == ClockState.Stopped)
                {
                    return ClockChange.Stopped(clock);
                }

                // A case completed while paused (e.g. withdrawn during supplementation) ends its pause at completion.
                if (clock.Pauses.SingleOrDefault(p => p.ResumedAt is null) is { } open)
                {
                    open.ResumedAt = change.Now;
                }

                clock.State = ClockState.Stopped;
                clock.StoppedAt = change.Now;
                return null;
            },
            cancellationToken);
}

internal sealed class GetClockHandler(DeadlineDbContext db) : IRequestHandler<GetClock, Result<ClockDto>>
{
    public async Task<Result<ClockDto>> Handle(GetClock request, CancellationToken cancellationToken)
    {
        var clock = await db.Clocks.AsNoTracking().Include(c => c.Pauses).SingleOrDefaultAsync(c => c.Id == request.ClockId, cancellationToken);
        return clock is null ? Error.NotFound("clock.not-found", $"There is no clock {request.ClockId}.") : clock.ToDto();
    }
}
