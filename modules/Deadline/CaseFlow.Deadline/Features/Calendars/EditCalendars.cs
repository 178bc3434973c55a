using System.Globalization;
using CaseFlow.Deadline.Calendar;
using CaseFlow.Deadline.Clocks;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Deadline.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Deadline.Features.Calendars;

internal sealed record AddCalendarBody(string? Code, string? ParentCode, string? Name);

internal sealed record DayBody(string? Kind, string? Name);

internal sealed record DayEntry(DateOnly Date, string? Name);

internal sealed record YearArrangementBody(string? Source, IReadOnlyList<DayEntry>? Holidays, IReadOnlyList<DayEntry>? Workdays);

internal sealed record CalendarChanged(string Calendar, int ClocksRecomputed);

internal sealed record MissingArrangement(string Calendar, int Year, string Message);

/// <summary>
/// Calendar administration: regional calendars that inherit from a parent, a year's official arrangement (the 2027
/// notice when it comes out), single-day overrides; every change recomputes the due moments of the open clocks on the
/// calendar and on every calendar that inherits from it.
/// </summary>
internal static class CalendarEditingEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/calendars", AddAsync).RequireAuthorization(Policies.Administrators)
            .WithSummary("Adds a regional calendar that inherits from a parent calendar.")
            .Produces<CalendarChanged>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/calendars/{calendar}/years/{year:int}", SetYearAsync).RequireAuthorization(Policies.Administrators)
            .WithSummary("Enters (or replaces) a year's holiday arrangement: its days off and make-up working days.")
            .Produces<CalendarChanged>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/calendars/{calendar}/days/{date}", SetDayAsync).RequireAuthorization(Policies.Administrators)
            .WithSummary("Marks one day of a calendar a holiday or a make-up working day, overriding its parent.")
            .Produces<CalendarChanged>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/calendars/{calendar}/days/{date}", RemoveDayAsync).RequireAuthorization(Policies.Administrators)
            .WithSummary("Removes a calendar's own entry for a day, so the parent's rule (or the plain week) applies again.")
            .Produces<CalendarChanged>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/calendar-warnings", WarningsAsync).RequireAuthorization(Policies.Administrators)
            .WithSummary("Years in use (this year and the next) whose official arrangement has not been entered: they count weekends only.")
            .Produces<IReadOnlyList<MissingArrangement>>();
    }

    private static async Task<IResult> AddAsync(AddCalendarBody body, DeadlineDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Code) || body.Code.Length > 32)
        {
            errors["code"] = ["A calendar code of 1 to 32 characters is required (e.g. a region code)."];
        }

        if (string.IsNullOrWhiteSpace(body.Name))
        {
            errors["name"] = ["A name is required."];
        }

        if (string.IsNullOrWhiteSpace(body.ParentCode))
        {
            errors["parentCode"] = ["A regional calendar inherits from a parent (the national calendar is CN)."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        if (!await db.Calendars.AnyAsync(c => c.Code == body.ParentCode, ct))
        {
            return Error.Invalid("calendar.parent-not-found", $"There is no calendar {body.ParentCode}.", "parentCode").ToProblem();
        }

        if (await db.Calendars.AnyAsync(c => c.Code == body.Code, ct))
        {
            return Error.Conflict("calendar.duplicate", $"The calendar {body.Code} exists.").ToProblem();
        }

        db.Calendars.Add(new CalendarEntity { Code = body.Code!, ParentCode = body.ParentCode, Name = body.Name! });
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/deadline/calendars/{body.Code}/years/{DateTime.UtcNow.Year}", new CalendarChanged(body.Code!, 0));
    }

    private static async Task<IResult> SetYearAsync(string calendar, int year, YearArrangementBody body, DeadlineDbContext db, ClockRecompute recompute, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (year is < 2000 or > 2100)
        {
            errors["year"] = ["year must be between 2000 and 2100."];
        }

        if (string.IsNullOrWhiteSpace(body.Source))
        {
            errors["source"] = ["Name the notice the arrangement comes from (e.g. 国办发明电〔2026〕…号)."];
        }

        var holidays = body.Holidays ?? [];
        var workdays = body.Workdays ?? [];
        if (holidays.Concat(workdays).Any(d => d.Date.Year != year))
        {
            errors["holidays"] = [$"Every day must lie in {year}."];
        }

        if (holidays.Select(d => d.Date).Intersect(workdays.Select(d => d.Date)).Any())
        {
            errors["workdays"] = ["A day cannot be both a holiday and a make-up working day."];
        }

        if (holidays.Concat(workdays).GroupBy(d => d.Date).Any(g => g.Count() > 1))
        {
            errors["holidays"] = ["Each day may be listed once."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        if (!await db.Calendars.AnyAsync(c => c.Code == calendar, ct))
        {
            return Error.NotFound("calendar.not-found", $"There is no calendar {calendar}.").ToProblem();
        }

        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.CalendarDays.Where(d => d.CalendarCode == calendar && d.Day >= first && d.Day <= last).ExecuteDeleteAsync(ct);
            await db.CalendarYears.Where(y => y.CalendarCode == calendar && y.Year == year).ExecuteDeleteAsync(ct);
            db.CalendarYears.Add(new CalendarYear { CalendarCode = calendar, Year = year, Source = body.Source! });
            db.CalendarDays.AddRange(holidays.Select(d => new CalendarDay { CalendarCode = calendar, Day = d.Date, Kind = DayKind.Holiday, Name = d.Name ?? string.Empty }));
            db.CalendarDays.AddRange(workdays.Select(d => new CalendarDay { CalendarCode = calendar, Day = d.Date, Kind = DayKind.Workday, Name = d.Name ?? string.Empty }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        return Results.Ok(new CalendarChanged(calendar, await recompute.RecomputeAsync(calendar, ct)));
    }

    private static async Task<IResult> SetDayAsync(string calendar, string date, DayBody body, ISender sender, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Error.Invalid("calendar.bad-date", "The date is written yyyy-MM-dd.", "date").ToProblem();
        }

        if (!Enum.TryParse<CalendarDayKind>(body.Kind, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            return Error.Invalid("calendar.bad-kind", "kind is Holiday or Workday.", "kind").ToProblem();
        }

        var result = await sender.Send(new SetCalendarDay(calendar, day, kind, body.Name), ct);
        return result.IsSuccess ? Results.Ok(new CalendarChanged(calendar, result.Value)) : result.Error!.ToProblem();
    }

    private static async Task<IResult> RemoveDayAsync(string calendar, string date, ISender sender, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Error.Invalid("calendar.bad-date", "The date is written yyyy-MM-dd.", "date").ToProblem();
        }

        var result = await sender.Send(new RemoveCalendarDay(calendar, day), ct);
        return result.IsSuccess ? Results.Ok(new CalendarChanged(calendar, result.Value)) : result.Error!.ToProblem();
    }

    private static async Task<IResult> WarningsAsync(DeadlineDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var year = ClockSchedule.LocalDate(clock.GetUtcNow()).Year;
        var missing = new List<MissingArrangement>();
        foreach (var calendar in await db.Calendars.AsNoTracking().Select(c => c.Code).ToListAsync(ct))
        {
            var loaded = (await CalendarStore.LoadAsync(db, calendar, ct))!;
            missing.AddRange(new[] { year, year + 1 }.Where(y => !loaded.HasArrangement(y)).Select(y => new MissingArrangement(
                calendar, y, $"No holiday arrangement has been entered for {y}: calendar {calendar} counts weekends only for that year.")));
        }

        return Results.Ok(missing);
    }
}

/// <summary>Recomputes the due and yellow moments of every open clock on a calendar and its descendants, a batch per transaction.</summary>
internal sealed class ClockRecompute(DeadlineDbContext db, IOptions<DeadlineOptions> options)
{
    private const int BatchSize = 500;

    public async Task<int> RecomputeAsync(string calendar, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var code in await CalendarStore.DescendantsAsync(db, calendar, cancellationToken))
        {
            var rules = (await CalendarStore.LoadAsync(db, code, cancellationToken))!;
            var after = Guid.Empty;
            while (true)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var clocks = await db.Clocks
                    .FromSql($"SELECT * FROM deadline.clocks WHERE calendar_code = {code} AND state <> 'Stopped' AND id > {after} ORDER BY id LIMIT {BatchSize} FOR UPDATE")
                    .Include(c => c.Pauses)
                    .ToListAsync(cancellationToken);
                if (clocks.Count == 0)
                {
                    break;
                }

                foreach (var clock in clocks)
                {
                    var moments = ClockSchedule.Compute(
                        rules, clock.StartedAt, clock.LimitDays + clock.ExtensionDays, clock.Pauses.Select(p => new PauseSpan(p.PausedAt, p.ResumedAt)), options.Value);
                    clock.WarnAt = moments.WarnAt;
                    clock.DueAt = moments.DueAt;
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                changed += clocks.Count;
                after = clocks[^1].Id;
                db.ChangeTracker.Clear();
            }
        }

        return changed;
    }
}
