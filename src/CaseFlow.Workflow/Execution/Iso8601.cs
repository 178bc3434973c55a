using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseFlow.Workflow.Execution;

/// <summary>ISO 8601 durations (PnYnMnWnDTnHnMnS, fractions on the last unit) and date-times for timers.</summary>
internal static partial class Iso8601
{
    /// <summary>Dates without an offset are read in China Standard Time, where CaseFlow's centers are.</summary>
    public static readonly TimeSpan DefaultOffset = TimeSpan.FromHours(8);

    public static bool TryParseDuration(string text, out IsoDuration duration)
    {
        duration = default;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || text.Trim() is "P" or "PT" || text.Trim().EndsWith('T'))
        {
            return false;
        }

        static decimal Part(Group group) => group.Success ? decimal.Parse(group.Value.Replace(',', '.'), CultureInfo.InvariantCulture) : 0m;
        var years = Part(match.Groups["y"]);
        var months = Part(match.Groups["mo"]);
        if (decimal.Truncate(years) != years || decimal.Truncate(months) != months || years > 1000 || months > 12000)
        {
            return false;
        }

        var days = Part(match.Groups["w"]) * 7 + Part(match.Groups["d"]);
        var seconds = Part(match.Groups["h"]) * 3600 + Part(match.Groups["mi"]) * 60 + Part(match.Groups["s"]);
        if (days > 400_000 || seconds > 10_000_000_000m)
        {
            return false;
        }

        duration = new IsoDuration((int)years, (int)months, TimeSpan.FromDays((double)days) + TimeSpan.FromSeconds((double)seconds));
        return true;
    }

    public static bool TryParseDate(string text, out DateTimeOffset date)
    {
        var trimmed = text.Trim();
        // A date needs at least a day and a time; a bare number or word is not one.
        if (trimmed.Length < 10 || !char.IsAsciiDigit(trimmed[0]))
        {
            date = default;
            return false;
        }

        var hasOffset = trimmed.EndsWith('Z') || OffsetPattern().IsMatch(trimmed);
        if (!DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            date = default;
            return false;
        }

        date = hasOffset ? parsed.ToUniversalTime() : new DateTimeOffset(parsed.DateTime, DefaultOffset).ToUniversalTime();
        return true;
    }

    [GeneratedRegex(@"^P(?:(?<y>\d+)Y)?(?:(?<mo>\d+)M)?(?:(?<w>\d+(?:[.,]\d+)?)W)?(?:(?<d>\d+(?:[.,]\d+)?)D)?(?:T(?:(?<h>\d+(?:[.,]\d+)?)H)?(?:(?<mi>\d+(?:[.,]\d+)?)M)?(?:(?<s>\d+(?:[.,]\d+)?)S)?)?$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"[+-]\d{2}:?\d{2}$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex OffsetPattern();
}

/// <summary>Years and months are calendar units (added to the date); the rest is exact time.</summary>
internal readonly record struct IsoDuration(int Years, int Months, TimeSpan Time)
{
    public DateTimeOffset AddTo(DateTimeOffset start)
    {
        // Calendar units are added in the center's time zone so that "P1M" from 31 January lands on a real date there.
        var local = start.ToOffset(Iso8601.DefaultOffset).AddYears(Years).AddMonths(Months);
        return (local + Time).ToUniversalTime();
    }
}
