using System.Text.Json;
using CaseFlow.Deadline.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Deadline.Calendar;

internal static class CalendarStore
{
    public const string National = "CN";

    public static async Task<WorkingCalendar?> LoadAsync(DeadlineDbContext db, string code, CancellationToken cancellationToken)
    {
        if (!await db.Calendars.AnyAsync(c => c.Code == code, cancellationToken))
        {
            return null;
        }

        var days = await db.CalendarDays.AsNoTracking().Where(d => d.CalendarCode == code).ToListAsync(cancellationToken);
        var years = await db.CalendarYears.AsNoTracking().Where(y => y.CalendarCode == code).Select(y => y.Year).ToListAsync(cancellationToken);
        return new WorkingCalendar(
            days.Where(d => d.Kind == DayKind.Holiday).Select(d => d.Day).ToHashSet(),
            days.Where(d => d.Kind == DayKind.Workday).Select(d => d.Day).ToHashSet(),
            years.ToHashSet());
    }
}

/// <summary>Enters the State Council's holiday arrangements shipped with CaseFlow for every year not yet in the national calendar.</summary>
internal sealed class NationalArrangementImport(IServiceScopeFactory scopes, ILogger<NationalArrangementImport> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeadlineDbContext>();
        var known = (await db.CalendarYears.Where(y => y.CalendarCode == CalendarStore.National).Select(y => y.Year).ToListAsync(cancellationToken)).ToHashSet();

        await using var stream = typeof(NationalArrangementImport).Assembly.GetManifestResourceStream("CaseFlow.Deadline.Calendar.cn-holidays.json")!;
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        foreach (var year in document.RootElement.GetProperty("years").EnumerateObject())
        {
            var number = int.Parse(year.Name, System.Globalization.CultureInfo.InvariantCulture);
            if (known.Contains(number))
            {
                continue;
            }

            var notice = document.RootElement.GetProperty("source_notes").GetProperty(year.Name).GetProperty("number").GetString()!;
            db.CalendarYears.Add(new CalendarYear { CalendarCode = CalendarStore.National, Year = number, Source = notice });
            foreach (var (property, kind) in new[] { ("holidays", DayKind.Holiday), ("workdays", DayKind.Workday) })
            {
                foreach (var day in year.Value.GetProperty(property).EnumerateArray())
                {
                    db.CalendarDays.Add(new CalendarDay
                    {
                        CalendarCode = CalendarStore.National,
                        Day = DateOnly.Parse(day.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                        Kind = kind,
                        Name = day.GetProperty("name").GetString()!,
                    });
                }
            }

            logger.LogInformation("Entered the national holiday arrangement for {Year} ({Notice})", number, notice);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another node entered the same years at the same moment: theirs stands.
            logger.LogInformation("The national arrangements were entered by another node");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
