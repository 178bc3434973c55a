using CaseFlow.Workflow.Execution;

namespace CaseFlow.Workflow.Tests.Execution;

public sealed class WorkingCalendarTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Test]
    public void Working_days_count_from_the_next_day_and_skip_weekends()
    {
        var calendar = new WorkingCalendar();

        var due = calendar.AddWorkingDays(new DateTimeOffset(2026, 3, 6, 16, 0, 0, China), 1);

        due.ShouldBe(new DateTimeOffset(2026, 3, 9, 17, 30, 0, China));
        due.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Test]
    public void Holidays_come_from_the_supplied_working_day_function()
    {
        var holiday = new DateOnly(2026, 3, 9);
        var calendar = new WorkingCalendar(d => d != holiday && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

        var due = calendar.AddWorkingDays(new DateTimeOffset(2026, 3, 6, 16, 0, 0, China), 1);

        due.ShouldBe(new DateTimeOffset(2026, 3, 10, 17, 30, 0, China));
    }

    [Test]
    public void Working_hours_started_in_the_evening_run_from_the_next_working_morning()
    {
        var calendar = new WorkingCalendar();

        var due = calendar.AddWorkingHours(new DateTimeOffset(2026, 3, 6, 20, 0, 0, China), 8);

        // Friday evening: Monday 09:00–12:00 (3 h), 13:30–17:30 (4 h), Tuesday 09:00–10:00 (1 h).
        due.ShouldBe(new DateTimeOffset(2026, 3, 10, 10, 0, 0, China));
    }
}
