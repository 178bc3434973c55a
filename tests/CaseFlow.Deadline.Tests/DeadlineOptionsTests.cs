namespace CaseFlow.Deadline.Tests;

public sealed class DeadlineOptionsTests
{
    [Test]
    public void The_defaults_are_ten_and_fifteen_extension_days_and_yellow_at_one_day_left_or_80_percent()
    {
        var defaults = new DeadlineOptions();

        DeadlineOptions.IsValid(defaults).ShouldBeTrue();
        (defaults.ExtensionDays, defaults.JointExtensionDays, defaults.WarnWhenDaysLeft, defaults.WarnWhenPercentUsed).ShouldBe((10, 15, 1, 80));
        defaults.WorkdayEndsAt.ShouldBe(new TimeOnly(17, 30));
        defaults.Scheduler.PollInterval.ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Test]
    public void A_share_over_100_percent_or_an_empty_claim_batch_is_refused()
    {
        var share = new DeadlineOptions { WarnWhenPercentUsed = 120 };
        var batch = new DeadlineOptions { Scheduler = new AlertSchedulerOptions { ClaimBatchSize = 0 } };

        DeadlineOptions.IsValid(share).ShouldBeFalse();
        DeadlineOptions.IsValid(batch).ShouldBeFalse();
    }
}
