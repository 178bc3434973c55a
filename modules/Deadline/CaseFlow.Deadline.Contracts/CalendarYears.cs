using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Deadline.Contracts;

/// <summary>Reads a calendar's holidays and make-up working days for one year.</summary>
public sealed record ReadCalendarYear(string Calendar, int Year) : IRequest<Result<CalendarYearView>>;

/// <summary>One year of a calendar, and whether (and by which notice) the year's holiday arrangement was issued.</summary>
public sealed record CalendarYearView(string Calendar, int Year, bool ArrangementIssued, string? Source, IReadOnlyList<CalendarDayView> Holidays, IReadOnlyList<CalendarDayView> Workdays);

/// <summary>A holiday or a make-up working day, with the festival it belongs to.</summary>
public sealed record CalendarDayView(DateOnly Date, string Name);

/// <summary>What an administrator may make of one day of a calendar.</summary>
public enum CalendarDayKind
{
    /// <summary>A day off (a holiday, or a center's own closure).</summary>
    Holiday,

    /// <summary>A make-up working day (调休).</summary>
    Workday,
}

/// <summary>
/// Marks one day of a calendar a holiday or a make-up working day, overriding its parent; the open clocks on the calendar
/// (and on every calendar inheriting from it) are recomputed. Answers how many clocks were recomputed.
/// </summary>
public sealed record SetCalendarDay(string Calendar, DateOnly Date, CalendarDayKind Kind, string? Name) : IRequest<Result<int>>;

/// <summary>Removes a calendar's own entry for a day, so the parent's rule (or the plain week) applies again; clocks are recomputed.</summary>
public sealed record RemoveCalendarDay(string Calendar, DateOnly Date) : IRequest<Result<int>>;
