using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Deadline.Contracts;

/// <summary>The date <paramref name="Days"/> working days after <paramref name="From"/> (the start day itself does not count).</summary>
public sealed record AddWorkingDays(string Calendar, DateOnly From, int Days) : IRequest<WorkingDaysResult>;

/// <summary>The due date, and whether every year it crossed had an official holiday arrangement.</summary>
public sealed record WorkingDaysResult(DateOnly From, int Days, DateOnly Due, bool ArrangementsComplete);

/// <summary>The instant <paramref name="Hours"/> working hours (the center's opening hours on working days) after <paramref name="From"/>.</summary>
public sealed record AddWorkingHours(string Calendar, DateTimeOffset From, int Hours) : IRequest<DateTimeOffset>;
