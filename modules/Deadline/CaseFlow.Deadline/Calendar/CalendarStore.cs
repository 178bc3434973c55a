using CaseFlow.Deadline.Persistence;
using CaseFlow.Kernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Deadline.Calendar;

internal static class CalendarStore
{
    public const string National = "CN";

    /// <summary>
    /// A calendar with everything it inherits: the parent chain from the root down, a child's entry for a day replacing
    /// its parent's (a region can add a local holiday or cancel one), arranged years taken from the whole chain.
    /// </summary>
    public static async Task<WorkingCalendar?> LoadAsync(DeadlineDbContext db, string code, CancellationToken cancellationToken)
    {
        var chain = await ChainAsync(db, code, cancellationToken);
        if (chain.Count == 0)
        {
            return null;
        }

        var days = await db.CalendarDays.AsNoTracking().Where(d => chain.Contains(d.CalendarCode)).ToListAsync(cancellationToken);
        var years = await db.CalendarYears.AsNoTracking().Where(y => chain.Contains(y.CalendarCode)).Select(y => y.Year).ToListAsync(cancellationToken);
        var effective = new Dictionary<DateOnly, DayKind>();
        foreach (var day in days.OrderByDescending(d => chain.IndexOf(d.CalendarCode)))
        {
            effective[day.Day] = day.Kind;
        }

        return new WorkingCalendar(
            effective.Where(d => d.Value == DayKind.Holiday).Select(d => d.Key).ToHashSet(),
            effective.Where(d => d.Value == DayKind.Workday).Select(d => d.Key).ToHashSet(),
            years.ToHashSet());
    }

    /// <summary>The calendar and its ancestors, the calendar first; empty when it does not exist.</summary>
    public static async Task<List<string>> ChainAsync(DeadlineDbContext db, string code, CancellationToken cancellationToken)
    {
        var all = await db.Calendars.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.ParentCode, cancellationToken);
        var chain = new List<string>();
        for (string? current = code; current is not null && all.ContainsKey(current) && !chain.Contains(current); current = all[current])
        {
            chain.Add(current);
        }

        return chain;
    }

    /// <summary>The calendar and every calendar that inherits from it.</summary>
    public static async Task<List<string>> DescendantsAsync(DeadlineDbContext db, string code, CancellationToken cancellationToken)
    {
        var all = await db.Calendars.AsNoTracking().Select(c => new { c.Code, c.ParentCode }).ToListAsync(cancellationToken);
        var found = new List<string> { code };
        for (var i = 0; i < found.Count; i++)
        {
            found.AddRange(all.Where(c => c.ParentCode == found[i] && !found.Contains(c.Code)).Select(c => c.Code));
        }

        return found;
    }
}

/// <summary>
/// Enters the State Council's holiday arrangements shipped with CaseFlow for every year not yet in the national calendar,
/// at start and, as the first seeder, in the seed (which runs before the Host's hosted services start), so the demo
/// cases count working days with the holidays.
/// </summary>
internal sealed class NationalArrangementImport(IServiceScopeFactory scopes, ILogger<NationalArrangementImport> logger) : IHostedService, IModuleSeeder
{
    public int Order => 0;

    public Task SeedAsync(CancellationToken cancellationToken) => StartAsync(cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeadlineDbContext>();
        var known = (await db.CalendarYears.Where(y => y.CalendarCode == CalendarStore.National).Select(y => y.Year).ToListAsync(cancellationToken)).ToHashSet();

        foreach (var year in NationalArrangements.Load().Where(y => !known.Contains(y.Year)))
        {
            db.CalendarYears.Add(new CalendarYear { CalendarCode = CalendarStore.National, Year = year.Year, Source = year.Notice });
            foreach (var (days, kind) in new[] { (year.Holidays, DayKind.Holiday), (year.Workdays, DayKind.Workday) })
            {
                db.CalendarDays.AddRange(days.Select(d => new CalendarDay { CalendarCode = CalendarStore.National, Day = d.Day, Kind = kind, Name = d.Name }));
            }

            logger.LogInformation("Entered the national holiday arrangement for {Year} ({Notice})", year.Year, year.Notice);
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
