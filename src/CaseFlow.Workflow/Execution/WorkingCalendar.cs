namespace CaseFlow.Workflow.Execution;

/// <summary>Working-day arithmetic for timers and due dates; the Deadline module implements it with public holidays.</summary>
public interface IWorkingCalendar
{
    /// <summary>The end of the business day that is the given number of working days after the start's day.</summary>
    DateTimeOffset AddWorkingDays(DateTimeOffset start, int days);

    /// <summary>The instant when the given number of working hours have passed after the start.</summary>
    DateTimeOffset AddWorkingHours(DateTimeOffset start, int hours);

    /// <summary>
    /// The working days after the start's day up to and including the end's day: what a pause from start to end takes
    /// out of a working-day limit (the day a pause begins still counts as used, the day it ends does not).
    /// </summary>
    int WorkingDaysBetween(DateTimeOffset start, DateTimeOffset end)
    {
        var endOfLastDay = AddWorkingDays(end, 0);
        var days = 0;
        for (var next = AddWorkingDays(start, 1); next <= endOfLastDay; next = AddWorkingDays(next, 1))
        {
            days++;
        }

        return days;
    }
}

/// <summary>
/// Monday to Friday, 09:00–12:00 and 13:30–17:30 China Standard Time (UTC+08:00), the usual opening hours of an
/// approval-center window. Working-day limits count from the day after the start (Administrative Licensing Law
/// art. 82: limits are counted in working days) and run to the end of the last day. Holidays come from the
/// isWorkingDay function a holiday-aware calendar supplies.
/// </summary>
public sealed class WorkingCalendar(Func<DateOnly, bool>? isWorkingDay = null) : IWorkingCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    private static readonly (TimeOnly From, TimeOnly To)[] Periods =
    [
        (new TimeOnly(9, 0), new TimeOnly(12, 0)),
        (new TimeOnly(13, 30), new TimeOnly(17, 30)),
    ];

    private readonly Func<DateOnly, bool> _isWorkingDay = isWorkingDay ?? (d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    public bool IsWorkingDay(DateOnly date) => _isWorkingDay(date);

    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = DateOnly.FromDateTime(start.ToOffset(Offset).DateTime);
        if (days == 0)
        {
            return At(date, Periods[^1].To);
        }

        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            if (_isWorkingDay(date))
            {
                counted++;
            }
        }

        return At(date, Periods[^1].To);
    }

    public DateTimeOffset AddWorkingHours(DateTimeOffset start, int hours)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hours);
        var local = start.ToOffset(Offset);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var remaining = TimeSpan.FromHours(hours);
        // Bounded: each turn either consumes a period or moves to the next day; a year without a working day stops it.
        for (var guard = 0; guard < 366 * 3; guard++)
        {
            if (_isWorkingDay(date))
            {
                foreach (var (from, to) in Periods)
                {
                    if (time >= to)
                    {
                        continue;
                    }

                    var begin = time > from ? time : from;
                    var available = to - begin;
                    if (remaining <= available)
                    {
                        return At(date, begin.Add(remaining));
                    }

                    remaining -= available;
                    time = to;
                }
            }

            date = date.AddDays(1);
            time = TimeOnly.MinValue;
        }

        throw new InvalidOperationException("the working calendar has no working day within three years");
    }

    private static DateTimeOffset At(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), Offset).ToUniversalTime();
}
