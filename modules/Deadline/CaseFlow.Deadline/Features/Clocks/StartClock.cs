using CaseFlow.Deadline.Calendar;
using CaseFlow.Deadline.Clocks;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Deadline.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Deadline.Features.Clocks;

internal static class ClockOwner
{
    /// <summary>The kind an owner key names: <c>case:&lt;number&gt;:committed</c>, <c>case:&lt;number&gt;:statutory</c>, <c>task:&lt;guid&gt;</c>, <c>complaint:&lt;number&gt;</c> or <c>rectification:&lt;case number&gt;</c>.</summary>
    public static ClockKind? KindOf(string? ownerKey)
    {
        var parts = (ownerKey ?? string.Empty).Split(':');
        return parts switch
        {
            ["case", var number, "committed"] when IsCaseNumber(number) => ClockKind.Committed,
            ["case", var number, "statutory"] when IsCaseNumber(number) => ClockKind.Statutory,
            ["task", var id] when Guid.TryParseExact(id, "D", out _) => ClockKind.Task,
            ["complaint", var number] when IsCaseNumber(number) => ClockKind.Complaint,
            ["rectification", var number] when IsCaseNumber(number) => ClockKind.Rectification,
            _ => null,
        };
    }

    private static bool IsCaseNumber(string number) =>
        number.Length is > 0 and <= 64 && number.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}

internal sealed class StartClockValidator : AbstractValidator<StartClock>
{
    public StartClockValidator()
    {
        RuleFor(r => r.OwnerKey).Must(key => ClockOwner.KindOf(key) is not null)
            .WithMessage("The owner key must be case:<number>:committed, case:<number>:statutory, task:<guid>, complaint:<number> or rectification:<case number>.");
        // The longest statutory limits are a few months; a bound keeps the day-by-day walk small.
        RuleFor(r => r.LimitDays).InclusiveBetween(0, 3650);
        RuleFor(r => r.Calendar).NotEmpty().MaximumLength(32);
    }
}

internal sealed class StartClockHandler(DeadlineDbContext db, TimeProvider time, IOptions<DeadlineOptions> options)
    : IRequestHandler<StartClock, Result<ClockDto>>
{
    public async Task<Result<ClockDto>> Handle(StartClock request, CancellationToken cancellationToken)
    {
        var calendar = await CalendarStore.LoadAsync(db, request.Calendar, cancellationToken);
        if (calendar is null)
        {
            return Error.Invalid("clock.unknown-calendar", $"There is no calendar {request.Calendar}.", "calendar");
        }

        var now = time.GetUtcNow();
        var startedAt = request.StartedAt?.ToUniversalTime() ?? now;
        var moments = ClockSchedule.Compute(calendar, startedAt, request.LimitDays, [], options.Value);
        var clock = new Clock
        {
            Id = Guid.CreateVersion7(now),
            OwnerKey = request.OwnerKey,
            Kind = ClockOwner.KindOf(request.OwnerKey)!.Value,
            CalendarCode = request.Calendar,
            LimitDays = request.LimitDays,
            StartedAt = startedAt,
            State = ClockState.Running,
            WarnAt = moments.WarnAt,
            DueAt = moments.DueAt,
        };
        db.Clocks.Add(clock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return clock.ToDto();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.Entry(clock).State = EntityState.Detached;
        }

        // A redelivered start finds its clock; a different start for the same owner is a conflict, not a second clock.
        var existing = await db.Clocks.AsNoTracking().Include(c => c.Pauses).SingleAsync(c => c.OwnerKey == request.OwnerKey, cancellationToken);
        return existing.LimitDays == request.LimitDays && existing.CalendarCode == request.Calendar
            ? existing.ToDto()
            : Error.Conflict("clock.already-started", $"The clock {request.OwnerKey} was already started with a limit of {existing.LimitDays} working days.");
    }
}
