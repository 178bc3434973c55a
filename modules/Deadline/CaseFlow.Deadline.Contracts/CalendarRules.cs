using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Deadline.Contracts;

/// <summary>A calendar's exceptions to the Monday–Friday week: the holidays and the make-up working days (调休).</summary>
public sealed record GetCalendarRules(string Calendar) : IRequest<CalendarRules?>;

/// <summary>Holidays and make-up working days of a calendar; every other weekday works and every other weekend day is off.</summary>
public sealed record CalendarRules(string Calendar, IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> Workdays, IReadOnlyList<int> ArrangedYears)
{
    /// <summary>The rule as a predicate over days, with the lists turned into sets once.</summary>
    public Func<DateOnly, bool> ToPredicate()
    {
        var holidays = Holidays.ToHashSet();
        var workdays = Workdays.ToHashSet();
        return day => WorkingWeek.IsWorkingDay(day, holidays, workdays);
    }
}

/// <summary>The rule every calendar follows: a make-up working day (调休) works, a holiday is off, otherwise Monday–Friday work.</summary>
public static class WorkingWeek
{
    public static bool IsWorkingDay(DateOnly day, IReadOnlySet<DateOnly> holidays, IReadOnlySet<DateOnly> workdays) =>
        workdays.Contains(day) || (!holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
}

/// <summary>The code of the national calendar that every center's calendar inherits from.</summary>
public static class Calendars
{
    public const string National = "CN";
}
