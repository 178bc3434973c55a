using CaseFlow.Deadline.Contracts;

namespace CaseFlow.Deadline.Calendar;

/// <summary>
/// Working-day arithmetic over one calendar: a weekend day is off unless it is a make-up working day (调休);
/// a listed holiday is off; every other day works. Exact, day by day, for the spans time limits use.
/// </summary>
internal sealed class WorkingCalendar(IReadOnlySet<DateOnly> holidays, IReadOnlySet<DateOnly> workdays, IReadOnlySet<int> arrangedYears)
{
    public bool IsWorkingDay(DateOnly day) => WorkingWeek.IsWorkingDay(day, holidays, workdays);

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

    /// <summary>China Standard Time, the center's clock.</summary>
    public static readonly TimeSpan CenterOffset = TimeSpan.FromHours(8);

    // The usual opening hours of an approval-center window; the same periods the workflow runtime's calendar uses.
    private static readonly (TimeOnly From, TimeOnly To)[] OpeningHours =
    [
        (new TimeOnly(9, 0), new TimeOnly(12, 0)),
        (new TimeOnly(13, 30), new TimeOnly(17, 30)),
    ];

    /// <summary>The instant when <paramref name="hours"/> opening hours of working days have passed after <paramref name="from"/>.</summary>
    public DateTimeOffset AddWorkingHours(DateTimeOffset from, int hours)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hours);
        var local = from.ToOffset(CenterOffset);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var remaining = TimeSpan.FromHours(hours);
        // Each turn consumes a period or moves to the next day; three years without a working day stop it.
        for (var guard = 0; guard < 366 * 3; guard++)
        {
            if (IsWorkingDay(day))
            {
                foreach (var (start, end) in OpeningHours)
                {
                    if (time >= end)
                    {
                        continue;
                    }

                    var begin = time > start ? time : start;
                    if (remaining <= end - begin)
                    {
                        return new DateTimeOffset(day.ToDateTime(begin.Add(remaining)), CenterOffset).ToUniversalTime();
                    }

                    remaining -= end - begin;
                    time = end;
                }
            }

            day = day.AddDays(1);
            time = TimeOnly.MinValue;
        }

        throw new InvalidOperationException("The calendar has no working day within three years.");
    }
}
