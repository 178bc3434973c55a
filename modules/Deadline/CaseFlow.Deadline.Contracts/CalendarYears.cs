using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Deadline.Contracts;

/// <summary>Reads a calendar's holidays and make-up working days for one year.</summary>
public sealed record ReadCalendarYear(string Calendar, int Year) : IRequest<Result<CalendarYearView>>;

/// <summary>One year of a calendar, and whether (and by which notice) the year's holiday arrangement was issued.</summary>
public sealed record CalendarYearView(string Calendar, int Year, bool ArrangementIssued, string? Source, IReadOnlyList<CalendarDayView> Holidays, IReadOnlyList<CalendarDayView> Workdays);

/// <summary>A holiday or a make-up working day, with the festival it belongs to.</summary>
public sealed record CalendarDayView(DateOnly Date, string Name);
