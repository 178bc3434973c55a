using CaseFlow.Deadline.Contracts;
using CaseFlow.Deadline.Persistence;
using CaseFlow.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Deadline.Features.WorkingDays;

internal sealed class GetCalendarRulesHandler(DeadlineDbContext db) : IRequestHandler<GetCalendarRules, CalendarRules?>
{
    public async Task<CalendarRules?> Handle(GetCalendarRules request, CancellationToken cancellationToken)
    {
        if (!await db.Calendars.AnyAsync(c => c.Code == request.Calendar, cancellationToken))
        {
            return null;
        }

        var days = await db.CalendarDays.AsNoTracking().Where(d => d.CalendarCode == request.Calendar).OrderBy(d => d.Day).ToListAsync(cancellationToken);
        var years = await db.CalendarYears.AsNoTracking().Where(y => y.CalendarCode == request.Calendar).Select(y => y.Year).OrderBy(y => y).ToListAsync(cancellationToken);
        return new CalendarRules(
            request.Calendar,
            [.. days.Where(d => d.Kind == DayKind.Holiday).Select(d => d.Day)],
            [.. days.Where(d => d.Kind == DayKind.Workday).Select(d => d.Day)],
            years);
    }
}
