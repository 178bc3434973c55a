using System.Globalization;
using System.Text.Json;

namespace CaseFlow.Deadline.Calendar;

/// <summary>One year's official holiday arrangement: the days off and the make-up working days (调休), with the notice they come from.</summary>
internal sealed record YearArrangement(int Year, string Notice, IReadOnlyList<(DateOnly Day, string Name)> Holidays, IReadOnlyList<(DateOnly Day, string Name)> Workdays);

/// <summary>The State Council's arrangements shipped with CaseFlow (Calendar/cn-holidays.json).</summary>
internal static class NationalArrangements
{
    public static IReadOnlyList<YearArrangement> Load()
    {
        using var stream = typeof(NationalArrangements).Assembly.GetManifestResourceStream("CaseFlow.Deadline.Calendar.cn-holidays.json")!;
        using var document = JsonDocument.Parse(stream);
        var notes = document.RootElement.GetProperty("source_notes");
        return
        [
            .. document.RootElement.GetProperty("years").EnumerateObject().Select(year => new YearArrangement(
                int.Parse(year.Name, CultureInfo.InvariantCulture),
                notes.GetProperty(year.Name).GetProperty("number").GetString()!,
                Days(year.Value.GetProperty("holidays")),
                Days(year.Value.GetProperty("workdays")))),
        ];
    }

    /// <summary>A calendar of the national arrangements alone, without the database.</summary>
    public static WorkingCalendar Calendar()
    {
        var years = Load();
        return new WorkingCalendar(
            years.SelectMany(y => y.Holidays).Select(d => d.Day).ToHashSet(),
            years.SelectMany(y => y.Workdays).Select(d => d.Day).ToHashSet(),
            years.Select(y => y.Year).ToHashSet());
    }

    private static List<(DateOnly, string)> Days(JsonElement days) =>
    [
        .. days.EnumerateArray().Select(d => (
            DateOnly.ParseExact(d.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            d.GetProperty("name").GetString()!)),
    ];
}
