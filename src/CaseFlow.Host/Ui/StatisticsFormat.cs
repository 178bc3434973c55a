using System.Globalization;

namespace CaseFlow.Host.Ui;

/// <summary>How the statistics pages show rates and working days.</summary>
internal static class StatisticsFormat
{
    public static string Percent(decimal? rate) => rate is { } r ? (r * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Days(decimal? days) => days is { } d ? d.ToString("0.##", CultureInfo.InvariantCulture) : "—";
}
