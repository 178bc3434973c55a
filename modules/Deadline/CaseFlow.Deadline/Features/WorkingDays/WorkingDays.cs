using CaseFlow.Deadline.Calendar;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Deadline.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Deadline.Features.WorkingDays;

internal sealed class AddWorkingDaysValidator : AbstractValidator<AddWorkingDays>
{
    public AddWorkingDaysValidator()
    {
        RuleFor(r => r.Calendar).NotEmpty();
        // The longest statutory limits are a few months; a bound keeps the day-by-day walk small.
        RuleFor(r => r.Days).InclusiveBetween(0, 3650);
    }
}

internal sealed class AddWorkingDaysHandler(DeadlineDbContext db) : IRequestHandler<AddWorkingDays, WorkingDaysResult>
{
    public async Task<WorkingDaysResult> Handle(AddWorkingDays request, CancellationToken cancellationToken)
    {
        var calendar = await CalendarStore.LoadAsync(db, request.Calendar, cancellationToken)
            ?? throw new KeyNotFoundException($"There is no calendar {request.Calendar}.");
        var due = calendar.AddWorkingDays(request.From, request.Days);
        var complete = Enumerable.Range(request.From.Year, due.Year - request.From.Year + 1).All(calendar.HasArrangement);
        return new WorkingDaysResult(request.From, request.Days, due, complete);
    }
}

internal sealed class AddWorkingHoursValidator : AbstractValidator<AddWorkingHours>
{
    public AddWorkingHoursValidator()
    {
        RuleFor(r => r.Calendar).NotEmpty();
        RuleFor(r => r.Hours).InclusiveBetween(0, 24 * 365);
    }
}

internal sealed class AddWorkingHoursHandler(DeadlineDbContext db) : IRequestHandler<AddWorkingHours, DateTimeOffset>
{
    public async Task<DateTimeOffset> Handle(AddWorkingHours request, CancellationToken cancellationToken)
    {
        var calendar = await CalendarStore.LoadAsync(db, request.Calendar, cancellationToken)
            ?? throw new KeyNotFoundException($"There is no calendar {request.Calendar}.");
        return calendar.AddWorkingHours(request.From, request.Hours);
    }
}

internal sealed class ReadCalendarYearHandler(DeadlineDbContext db) : IRequestHandler<ReadCalendarYear, Result<CalendarYearView>>
{
    public async Task<Result<CalendarYearView>> Handle(ReadCalendarYear request, CancellationToken cancellationToken)
    {
        if (!await db.Calendars.AnyAsync(c => c.Code == request.Calendar, cancellationToken))
        {
            return Error.NotFound("calendar.not-found", $"There is no calendar {request.Calendar}.");
        }

        var first = new DateOnly(request.Year, 1, 1);
        var last = new DateOnly(request.Year, 12, 31);
        var days = await db.CalendarDays.AsNoTracking()
            .Where(d => d.CalendarCode == request.Calendar && d.Day >= first && d.Day <= last)
            .OrderBy(d => d.Day)
            .ToListAsync(cancellationToken);
        var source = await db.CalendarYears.AsNoTracking()
            .Where(y => y.CalendarCode == request.Calendar && y.Year == request.Year)
            .Select(y => y.Source)
            .SingleOrDefaultAsync(cancellationToken);
        return new CalendarYearView(
            request.Calendar,
            request.Year,
            source is not null,
            source,
            [.. days.Where(d => d.Kind == DayKind.Holiday).Select(d => new CalendarDayView(d.Day, d.Name))],
            [.. days.Where(d => d.Kind == DayKind.Workday).Select(d => new CalendarDayView(d.Day, d.Name))]);
    }
}

internal static class WorkingDayEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/calendars/{calendar}/years/{year:int}", async (string calendar, int year, ISender sender, CancellationToken ct) =>
            {
                if (year is < 2000 or > 2100)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["year"] = ["year must be between 2000 and 2100."] });
                }

                return (await sender.Send(new ReadCalendarYear(calendar, year), ct)).ToHttp();
            })
            .AllowAnonymous()
            .WithName("ReadCalendarYear")
            .WithSummary("A calendar's holidays and make-up working days for one year, and whether the year's arrangement has been issued.")
            .Produces<CalendarYearView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/calendars/{calendar}/add-working-days", async (string calendar, DateOnly from, int days, ISender sender, DeadlineDbContext db, CancellationToken ct) =>
                await db.Calendars.AnyAsync(c => c.Code == calendar, ct)
                    ? Results.Ok(await sender.Send(new AddWorkingDays(calendar, from, days), ct))
                    : Error.NotFound("calendar.not-found", $"There is no calendar {calendar}.").ToProblem())
            .AllowAnonymous()
            .WithName("AddWorkingDays")
            .WithSummary("The due date a number of working days after a date (the start day does not count).")
            .Produces<WorkingDaysResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
