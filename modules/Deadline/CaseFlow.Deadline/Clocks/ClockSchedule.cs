using CaseFlow.Deadline.Calendar;

namespace CaseFlow.Deadline.Clocks;

/// <summary>One pause interval as the arithmetic sees it; an open pause has no end.</summary>
internal readonly record struct PauseSpan(DateTimeOffset PausedAt, DateTimeOffset? ResumedAt);

/// <summary>The two moments the scheduler watches.</summary>
internal readonly record struct ClockMoments(DateTimeOffset WarnAt, DateTimeOffset DueAt);

/// <summary>
/// The due and yellow moments of a clock, recomputed from scratch on every change (rule 3, 限时办结).
/// Case and task limits are whole working days: the acceptance day does not count (期间开始之日不计算在内), each later
/// working day of the calendar counts unless a pause excludes it, and the clock falls due at the end of its last
/// counted working day (17:30 China Standard Time by default). A pause from day P to day R excludes the working days
/// after P up to and including R: the pause day itself ran at least in part, and the resume day is a fresh start, like
/// acceptance. Excluding days only ever removes days from the count, so a pause never brings a due moment forward.
/// </summary>
internal static class ClockSchedule
{
    /// <summary>China Standard Time has had no daylight saving since 1991; a fixed offset keeps the arithmetic exact.</summary>
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ChinaStandardTime).DateTime);

    public static DateTimeOffset EndOfWorkday(DateOnly day, TimeOnly workdayEndsAt) =>
        new DateTimeOffset(day.ToDateTime(workdayEndsAt), ChinaStandardTime).ToUniversalTime();

    /// <summary>The working days a set of pauses takes out of the count; an open pause counts as ending on its first day.</summary>
    public static HashSet<DateOnly> ExcludedDays(WorkingCalendar calendar, IEnumerable<PauseSpan> pauses)
    {
        var excluded = new HashSet<DateOnly>();
        foreach (var pause in pauses)
        {
            var last = LocalDate(pause.ResumedAt ?? pause.PausedAt);
            for (var day = LocalDate(pause.PausedAt).AddDays(1); day <= last; day = day.AddDays(1))
            {
                if (calendar.IsWorkingDay(day))
                {
                    excluded.Add(day);
                }
            }
        }

        return excluded;
    }

    /// <summary>The counted working days of a clock: element k-1 is the day on which k working days are used up.</summary>
    public static IReadOnlyList<DateOnly> CountedDays(WorkingCalendar calendar, DateOnly start, int days, IReadOnlySet<DateOnly> excluded)
    {
        var counted = new List<DateOnly>(days);
        for (var day = start; counted.Count < days;)
        {
            day = day.AddDays(1);
            if (calendar.IsWorkingDay(day) && !excluded.Contains(day))
            {
                counted.Add(day);
            }
        }

        return counted;
    }

    /// <summary>
    /// The working days used when the yellow alert (预警) is due: <paramref name="daysLeft"/> working days left or
    /// <paramref name="percentUsed"/> % of the limit used, whichever comes first (the smaller number of used days).
    /// </summary>
    public static int WarnAfterDays(int totalDays, int daysLeft, int percentUsed)
    {
        var byDaysLeft = totalDays - daysLeft;
        var byShare = (int)Math.Ceiling(totalDays * (decimal)percentUsed / 100m);
        return Math.Clamp(Math.Min(byDaysLeft, byShare), 0, totalDays);
    }

    public static ClockMoments Compute(
        WorkingCalendar calendar,
        DateTimeOffset startedAt,
        int totalDays,
        IEnumerable<PauseSpan> pauses,
        DeadlineOptions options)
    {
        var start = LocalDate(startedAt);
        var counted = CountedDays(calendar, start, totalDays, ExcludedDays(calendar, pauses));
        var warnAfter = WarnAfterDays(totalDays, options.WarnWhenDaysLeft, options.WarnWhenPercentUsed);
        var dueDay = totalDays == 0 ? start : counted[^1];
        var warnDay = warnAfter == 0 ? start : counted[warnAfter - 1];
        var due = EndOfWorkday(dueDay, options.WorkdayEndsAt);
        var warn = EndOfWorkday(warnDay, options.WorkdayEndsAt);
        // A clock accepted late in the day may already be inside its yellow zone; it cannot have warned before it began.
        var earliest = warn < startedAt ? startedAt : warn;
        return new ClockMoments(earliest > due ? due : earliest, due);
    }
}
