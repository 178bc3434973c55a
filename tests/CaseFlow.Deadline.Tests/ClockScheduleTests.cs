using CaseFlow.Deadline.Calendar;
using CaseFlow.Deadline.Clocks;

namespace CaseFlow.Deadline.Tests;

public sealed class ClockScheduleTests
{
    private static readonly WorkingCalendar National = NationalArrangements.Calendar();
    private static readonly DeadlineOptions Defaults = new();

    [Test]
    public void A_five_day_clock_accepted_before_national_day_2026_falls_due_at_the_end_of_the_fifth_working_day_after_it()
    {
        // 2026: 1–7 October off, Saturday 10 October a make-up working day (国办发明电〔2025〕7号).
        var acceptedAt = Cst(2026, 9, 29, 10, 0);

        var moments = ClockSchedule.Compute(National, acceptedAt, 5, [], Defaults);

        moments.DueAt.ShouldBe(Cst(2026, 10, 12, 17, 30));
        moments.WarnAt.ShouldBe(Cst(2026, 10, 10, 17, 30));
    }

    [Test]
    public void A_pause_over_the_holiday_adds_only_the_working_days_it_covered()
    {
        var acceptedAt = Cst(2026, 9, 29, 10, 0);
        PauseSpan[] supplement = [new(Cst(2026, 9, 30, 15, 0), Cst(2026, 10, 9, 10, 0))];

        var moments = ClockSchedule.Compute(National, acceptedAt, 5, supplement, Defaults);

        // 8 and 9 October were paused; the holiday was never counted anyway.
        moments.DueAt.ShouldBe(Cst(2026, 10, 14, 17, 30));
    }

    [Test]
    public void A_pause_begun_and_ended_on_one_day_changes_nothing()
    {
        var acceptedAt = Cst(2026, 3, 2, 9, 0);
        PauseSpan[] sameDay = [new(Cst(2026, 3, 3, 9, 0), Cst(2026, 3, 3, 16, 0))];

        var paused = ClockSchedule.Compute(National, acceptedAt, 5, sameDay, Defaults);
        var plain = ClockSchedule.Compute(National, acceptedAt, 5, [], Defaults);

        paused.ShouldBe(plain);
    }

    [Test]
    public void An_extension_adds_its_working_days_after_the_pauses()
    {
        var acceptedAt = Cst(2026, 9, 29, 10, 0);
        PauseSpan[] supplement = [new(Cst(2026, 9, 30, 15, 0), Cst(2026, 10, 9, 10, 0))];

        var moments = ClockSchedule.Compute(National, acceptedAt, 5 + Defaults.ExtensionDays, supplement, Defaults);

        moments.DueAt.ShouldBe(Cst(2026, 10, 28, 17, 30));
        moments.WarnAt.ShouldBe(Cst(2026, 10, 23, 17, 30));
    }

    [TestCase(1, 0, TestName = "A one-day limit warns when its only day begins")]
    [TestCase(3, 2, TestName = "A three-day limit warns with one day left before 80 percent is used")]
    [TestCase(5, 4, TestName = "A five-day limit warns after four days by both measures")]
    [TestCase(10, 8, TestName = "A ten-day limit warns at 80 percent, before the last day")]
    [TestCase(20, 16, TestName = "A twenty-day limit warns at 80 percent")]
    [TestCase(0, 0, TestName = "An immediate item warns when it is due")]
    public void The_yellow_threshold_is_whichever_of_one_day_left_and_80_percent_used_comes_first(int limit, int warnAfter)
    {
        var days = ClockSchedule.WarnAfterDays(limit, Defaults.WarnWhenDaysLeft, Defaults.WarnWhenPercentUsed);

        days.ShouldBe(warnAfter);
    }

    [Test]
    public void A_clock_accepted_after_hours_inside_its_yellow_zone_does_not_warn_before_it_began()
    {
        var acceptedAt = Cst(2026, 3, 2, 19, 0);

        var moments = ClockSchedule.Compute(National, acceptedAt, 1, [], Defaults);

        moments.WarnAt.ShouldBe(acceptedAt);
        moments.DueAt.ShouldBe(Cst(2026, 3, 3, 17, 30));
    }

    [Test]
    public void A_pause_never_shortens_a_clock_and_the_counted_days_always_equal_the_limit()
    {
        // Property over random clocks in 2025–2026 with up to four random pauses each.
        var random = new Random(20261121);
        for (var run = 0; run < 2000; run++)
        {
            var start = new DateOnly(2025, 1, 1).AddDays(random.Next(0, 700));
            var acceptedAt = Cst(start.Year, start.Month, start.Day, random.Next(8, 20), 0);
            var limit = random.Next(0, 40);
            var pauses = new List<PauseSpan>();
            var cursor = acceptedAt;
            for (var i = random.Next(0, 5); i > 0; i--)
            {
                var pausedAt = cursor.AddHours(random.Next(0, 24 * 15));
                var resumedAt = pausedAt.AddHours(random.Next(0, 24 * 20));
                pauses.Add(new PauseSpan(pausedAt, resumedAt));
                cursor = resumedAt;
            }

            var plain = ClockSchedule.Compute(National, acceptedAt, limit, [], Defaults);
            var withPauses = ClockSchedule.Compute(National, acceptedAt, limit, pauses, Defaults);
            var withoutLast = ClockSchedule.Compute(National, acceptedAt, limit, pauses.SkipLast(1), Defaults);

            var context = $"run {run}: accepted {acceptedAt:u}, {limit} days, {pauses.Count} pauses";
            withPauses.DueAt.ShouldBeGreaterThanOrEqualTo(plain.DueAt, context);
            withPauses.DueAt.ShouldBeGreaterThanOrEqualTo(withoutLast.DueAt, context);
            withPauses.WarnAt.ShouldBeGreaterThanOrEqualTo(plain.WarnAt, context);
            withPauses.WarnAt.ShouldBeLessThanOrEqualTo(withPauses.DueAt, context);
            var excluded = ClockSchedule.ExcludedDays(National, pauses);
            var dueDay = ClockSchedule.LocalDate(withPauses.DueAt);
            var counted = 0;
            for (var day = start.AddDays(1); day <= dueDay; day = day.AddDays(1))
            {
                counted += National.IsWorkingDay(day) && !excluded.Contains(day) ? 1 : 0;
            }

            counted.ShouldBe(limit, context);
        }
    }

    private static DateTimeOffset Cst(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, ClockSchedule.ChinaStandardTime).ToUniversalTime();
}
