using CaseFlow.Deadline.Contracts;
using CaseFlow.Deadline.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Deadline.Features.Calendars;

/// <summary>One day's override of a calendar, for the HTTP API and the administration page alike.</summary>
internal sealed class SetCalendarDayHandler(DeadlineDbContext db, ClockRecompute recompute) : IRequestHandler<SetCalendarDay, Result<int>>
{
    public async Task<Result<int>> Handle(SetCalendarDay request, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(request.Kind))
        {
            return Error.Invalid("calendar.bad-kind", "kind is Holiday or Workday.", "kind");
        }

        if (request.Name is { Length: > 100 })
        {
            return Error.Invalid("calendar.bad-name", "A day's name has at most 100 characters.", "name");
        }

        if (!await db.Calendars.AnyAsync(c => c.Code == request.Calendar, cancellationToken))
        {
            return Error.NotFound("calendar.not-found", $"There is no calendar {request.Calendar}.");
        }

        var kind = request.Kind == CalendarDayKind.Holiday ? DayKind.Holiday : DayKind.Workday;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.CalendarDays.Where(d => d.CalendarCode == request.Calendar && d.Day == request.Date).ExecuteDeleteAsync(cancellationToken);
            db.CalendarDays.Add(new CalendarDay { CalendarCode = request.Calendar, Day = request.Date, Kind = kind, Name = request.Name?.Trim() ?? string.Empty });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return await recompute.RecomputeAsync(request.Calendar, cancellationToken);
    }
}

internal sealed class RemoveCalendarDayHandler(DeadlineDbContext db, ClockRecompute recompute) : IRequestHandler<RemoveCalendarDay, Result<int>>
{
    public async Task<Result<int>> Handle(RemoveCalendarDay request, CancellationToken cancellationToken)
    {
        if (await db.CalendarDays.Where(d => d.CalendarCode == request.Calendar && d.Day == request.Date).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return Error.NotFound("calendar.day-not-found", $"The calendar {request.Calendar} has no entry for {request.Date:yyyy-MM-dd}.");
        }

        return await recompute.RecomputeAsync(request.Calendar, cancellationToken);
    }
}
