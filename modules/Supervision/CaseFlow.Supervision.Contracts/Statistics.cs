using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Supervision.Contracts;

/// <summary>What the statistics are broken down by.</summary>
public enum StatisticsDimension
{
    Center,
    Department,
    Window,
    Staff,
}

/// <summary>The figures of one center, per <paramref name="By"/>, over the center's dates <paramref name="From"/> to <paramref name="To"/> inclusive.</summary>
public sealed record GetStatistics(string CenterCode, StatisticsDimension By, DateOnly From, DateOnly To) : IRequest<StatisticsReport>;

/// <summary>The figures of one center over a period, one row per department, window, staff member or the center itself.</summary>
public sealed record StatisticsReport(string CenterCode, StatisticsDimension By, DateOnly From, DateOnly To, IReadOnlyList<StatisticsRow> Rows);

/// <summary>
/// One row of figures. Rates are fractions (0..1) or null without a denominator: completion = completed / accepted in the
/// period; on-time = completed within the committed limit / completed. <see cref="OverdueNow"/> is not a period figure:
/// the cases past their committed limit and not completed at the time of the query.
/// </summary>
public sealed record StatisticsRow(
    string Code,
    int Accepted,
    int Completed,
    int CompletedOnTime,
    decimal? CompletionRate,
    decimal? OnTimeRate,
    decimal? AverageWorkingDaysUsed,
    decimal? AverageWorkingDaysCommitted,
    int OverdueNow,
    int Warnings,
    int Overdues,
    int Complaints,
    IReadOnlyDictionary<RatingLevel, int> Ratings);

/// <summary>The center's published figures over a period (政务公开): totals and rates only.</summary>
public sealed record GetPublicStatistics(DateOnly From, DateOnly To) : IRequest<PublicStatistics>;

/// <summary>The center totals and rates the public may see: no department, window or staff figures. Satisfaction = the three good levels / all ratings.</summary>
public sealed record PublicStatistics(
    string CenterCode,
    DateOnly From,
    DateOnly To,
    int Accepted,
    int Completed,
    decimal? CompletionRate,
    decimal? OnTimeRate,
    decimal? AverageWorkingDaysUsed,
    decimal? AverageWorkingDaysCommitted,
    int Ratings,
    decimal? SatisfactionRate);
