namespace CaseFlow.Deadline;

/// <summary>The Deadline module's settings, bound from <c>CaseFlow:Deadline</c>.</summary>
internal sealed class DeadlineOptions
{
    public const string Section = "CaseFlow:Deadline";

    /// <summary>Working days one approved extension adds (rule 3: "can be extended once with approval").</summary>
    public int ExtensionDays { get; set; } = 10;

    /// <summary>Working days one approved extension adds to a jointly handled (联办) case.</summary>
    public int JointExtensionDays { get; set; } = 15;

    /// <summary>Yellow when this many working days are left ...</summary>
    public int WarnWhenDaysLeft { get; set; } = 1;

    /// <summary>... or when this share of the limit is used, whichever comes first.</summary>
    public int WarnWhenPercentUsed { get; set; } = 80;

    /// <summary>The end of a working day in the center's time zone: a clock falls due at the end of its last working day.</summary>
    public TimeOnly WorkdayEndsAt { get; set; } = new(17, 30);

    public AlertSchedulerOptions Scheduler { get; set; } = new();

    public static bool IsValid(DeadlineOptions options) =>
        options is { ExtensionDays: >= 0, JointExtensionDays: >= 0, WarnWhenDaysLeft: >= 0, WarnWhenPercentUsed: >= 0 and <= 100 }
        && options.Scheduler is { ClaimBatchSize: > 0 }
        && options.Scheduler.PollInterval > TimeSpan.Zero;
}

internal sealed class AlertSchedulerOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The longest the scheduler sleeps after a sweep that found less than a full batch; it wakes sooner when the
    /// earliest pending threshold falls sooner.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Thresholds claimed per level in one transaction.</summary>
    public int ClaimBatchSize { get; set; } = 1000;
}
