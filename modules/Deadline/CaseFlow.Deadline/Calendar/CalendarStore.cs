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
