using CaseFlow.Deadline.Calendar;
using CaseFlow.Deadline.Clocks;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Deadline.Persistence;
using CaseFlow.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Deadline.Features.Clocks;

/// <summary>
/// Counts a clock's used working days the way the clock counts them: the start day does not count, each later working
/// day up to the measured day does, unless a pause excludes it. Supervision's statistics ask this at completion.
/// </summary>
internal sealed class MeasureClockHandler(DeadlineDbContext db) : IRequestHandler<MeasureClock, ClockUsage?>
{
    public async Task<ClockUsage?> Handle(MeasureClock request, CancellationToken cancellationToken)
    {
        var clock = await db.Clocks.AsNoTracking().Include(c => c.Pauses).SingleOrDefaultAsync(c => c.OwnerKey == request.OwnerKey, cancellationToken);
        if (clock is null || await CalendarStore.LoadAsync(db, clock.CalendarCode, cancellationToken) is not { } calendar)
        {
            return null;
        }

        var excluded = ClockSchedule.ExcludedDays(calendar, clock.Pauses.Select(p => new PauseSpan(p.PausedAt, p.ResumedAt)));
        var start = ClockSchedule.LocalDate(clock.StartedAt);
        var end = ClockSchedule.LocalDate(request.At);
        var used = 0;
        for (var day = start.AddDays(1); day <= end; day = day.AddDays(1))
        {
            if (calendar.IsWorkingDay(day) && !excluded.Contains(day))
            {
                used++;
            }
        }

        return new ClockUsage(clock.Id, clock.OwnerKey, clock.LimitDays, clock.ExtensionDays, used, clock.DueAt, request.At, request.At <= clock.DueAt);
    }
}
