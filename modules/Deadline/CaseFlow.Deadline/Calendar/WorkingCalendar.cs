namespace CaseFlow.Deadline.Calendar;

/// <summary>
/// Working-day arithmetic over one calendar: a weekend day is off unless it is a make-up working day (调休);
/// a listed holiday is off; every other day works. Exact, day by day, for the spans time limits use.
/// </summary>
internal sealed class WorkingCalendar(IReadOnlySet<DateOnly> holidays, IReadOnlySet<DateOnly> workdays, IReadOnlySet<int> arrangedYears)
{
    public bool IsWorkingDay(DateOnly day) =>
        workdays.Contains(day) || (!holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    public bool HasArrangement(int year) => arrangedYears.Contains(year);

    /// <summary>The day on which <paramref name="days"/> working days after <paramref name="from"/> are complete; the start day does not count.</summary>
    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = from;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/>; the inverse of <see cref="AddWorkingDays"/>.</summary>
    public int CountWorkingDays(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }
}
