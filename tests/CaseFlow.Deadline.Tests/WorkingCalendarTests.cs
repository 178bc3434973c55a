using CaseFlow.Deadline.Calendar;

namespace CaseFlow.Deadline.Tests;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar National = NationalArrangements.Calendar();

    [TestCase("2025-01-26", true, TestName = "A make-up Sunday before the 2025 Spring Festival is a working day")]
    [TestCase("2025-01-28", false, TestName = "New Year's Eve 2025 is a holiday under the 2025 rules")]
    [TestCase("2025-02-04", false, TestName = "The last Spring Festival day of 2025 is off")]
    [TestCase("2025-02-08", true, TestName = "A make-up Saturday after the 2025 Spring Festival is a working day")]
    [TestCase("2025-04-27", true, TestName = "The make-up Sunday before Labour Day 2025 is a working day")]
    [TestCase("2025-05-05", false, TestName = "Labour Day 2025 runs to the fifth of May")]
    [TestCase("2025-09-28", true, TestName = "The make-up Sunday before National Day 2025 is a working day")]
    [TestCase("2025-10-08", false, TestName = "National Day and Mid-Autumn 2025 run to the eighth of October")]
    [TestCase("2025-10-11", true, TestName = "The make-up Saturday after National Day 2025 is a working day")]
    [TestCase("2026-01-04", true, TestName = "The make-up Sunday after New Year 2026 is a working day")]
    [TestCase("2026-02-23", false, TestName = "The 2026 Spring Festival runs to the twenty-third of February")]
    [TestCase("2026-02-28", true, TestName = "The make-up Saturday after the 2026 Spring Festival is a working day")]
    [TestCase("2026-09-20", true, TestName = "The make-up Sunday before National Day 2026 is a working day")]
    [TestCase("2026-10-07", false, TestName = "National Day 2026 runs to the seventh of October")]
    [TestCase("2026-10-09", true, TestName = "An ordinary Friday after National Day 2026 is a working day")]
    [TestCase("2026-11-21", false, TestName = "An ordinary Saturday is off")]
    public void Official_arrangements_decide_whether_a_day_works(string date, bool works)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        National.IsWorkingDay(day).ShouldBe(works);
    }

    [Test]
    public void Three_working_days_from_the_last_day_of_september_2026_end_on_the_make_up_saturday()
    {
        var due = National.AddWorkingDays(new DateOnly(2026, 9, 30), 3);

        due.ShouldBe(new DateOnly(2026, 10, 10));
    }

    [Test]
    public void The_start_day_itself_does_not_count()
    {
        var due = National.AddWorkingDays(new DateOnly(2026, 3, 2), 1);

        due.ShouldBe(new DateOnly(2026, 3, 3));
    }

    [Test]
    public void Zero_working_days_is_the_start_day()
    {
        National.AddWorkingDays(new DateOnly(2026, 10, 3), 0).ShouldBe(new DateOnly(2026, 10, 3));
    }

    [Test]
    public void A_year_without_an_issued_arrangement_counts_weekends_only_and_is_known_as_such()
    {
        var due = National.AddWorkingDays(new DateOnly(2027, 1, 1), 5);

        National.HasArrangement(2026).ShouldBeTrue();
        National.HasArrangement(2027).ShouldBeFalse();
        due.ShouldBe(new DateOnly(2027, 1, 8));
    }

    [Test]
    public void Adding_the_count_between_two_days_round_trips_for_every_start_and_span()
    {
        // Property over every start day of 2025–2026 and spans up to 60 working days.
        var random = new Random(20261121);
        for (var start = new DateOnly(2025, 1, 1); start <= new DateOnly(2026, 12, 31); start = start.AddDays(1))
        {
            var days = random.Next(0, 61);

            var due = National.AddWorkingDays(start, days);

            National.CountWorkingDays(start, due).ShouldBe(days, $"from {start:yyyy-MM-dd} adding {days}");
            if (days > 0)
            {
                National.IsWorkingDay(due).ShouldBeTrue($"a due date is a working day ({due:yyyy-MM-dd})");
            }
        }
    }

    [Test]
    public void The_2026_arrangement_has_the_official_number_of_days_off_and_make_up_days()
    {
        var year = NationalArrangements.Load().Single(y => y.Year == 2026);

        year.Holidays.Count.ShouldBe(33);
        year.Workdays.Count.ShouldBe(6);
    }

    [TestCase("2026-03-02T09:00:00+08:00", 2, "2026-03-02T11:00:00+08:00", TestName = "Two working hours from Monday's opening end before lunch")]
    [TestCase("2026-03-02T11:00:00+08:00", 2, "2026-03-02T14:30:00+08:00", TestName = "The lunch break does not count towards working hours")]
    [TestCase("2026-03-06T16:30:00+08:00", 2, "2026-03-09T10:00:00+08:00", TestName = "Working hours left on Friday evening run on into Monday morning")]
    [TestCase("2026-09-30T17:00:00+08:00", 1, "2026-10-08T09:30:00+08:00", TestName = "Working hours skip the National Day holiday of 2026")]
    public void Working_hours_count_only_the_opening_hours_of_working_days(string from, int hours, string due)
    {
        var start = DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture);

        var end = National.AddWorkingHours(start, hours);

        end.ShouldBe(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture));
    }
}
