using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Deadline.Contracts;

/// <summary>A calendar's exceptions to the Monday–Friday week: the holidays and the make-up working days (调休).</summary>
public sealed record GetCalendarRules(string Calendar) : IRequest<CalendarRules?>;

/// <summary>Holidays and make-up working days of a calendar; every other weekday works and every other weekend day is off.</summary>
public sealed record CalendarRules(string Calendar, IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> Workdays, IReadOnlyList<int> ArrangedYears);

/// <summary>The code of the national calendar that every center's calendar inherits from.</summary>
public static class Calendars
{
    public const string National = "CN";
}
