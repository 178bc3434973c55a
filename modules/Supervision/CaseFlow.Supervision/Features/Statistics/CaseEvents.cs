using System.Data.Common;
using CaseFlow.Approval.Contracts;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Supervision.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Supervision.Features.Statistics;

/// <summary>An accepted case: remember who it belongs to (for every later event about it) and count it on its acceptance day.</summary>
internal sealed class CountAcceptedCase(SupervisionDbContext db, TimeProvider clock) : INotificationHandler<CaseAccepted>
{
    public async Task Handle(CaseAccepted notification, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await Counters.FirstTimeAsync(db, $"accepted:{notification.CaseNumber}", clock.GetUtcNow(), cancellationToken))
        {
            return;
        }

        var fact = new CaseFact
        {
            RegionCode = SupervisionModule.DefaultRegion,
            CaseNumber = notification.CaseNumber,
            CenterCode = notification.CenterCode,
            DepartmentCode = notification.LeadDepartment,
            WindowCode = notification.Window,
            StaffId = notification.FirstContactId,
            StaffName = notification.FirstContactName,
            AcceptedAt = notification.AcceptedAt.ToUniversalTime(),
            CommittedDays = notification.CommittedLimitDays,
        };
        db.CaseFacts.Add(fact);
        await db.SaveChangesAsync(cancellationToken);
        await Counters.AddAsync(db, Attribution.Of(fact), CenterDate.Of(notification.AcceptedAt), new Delta(Accepted: 1), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// A completed case: count it on its completion day with the working days it used and whether it kept its committed
/// limit. Both come from the Deadline module's clock (pauses and the one extension included) when the case has one;
/// otherwise the working days from acceptance to completion on the national calendar, against the committed days.
/// </summary>
internal sealed class CountCompletedCase(SupervisionDbContext db, ISender sender, TimeProvider clock, ILogger<CountCompletedCase> log)
    : INotificationHandler<CaseCompleted>
{
    public async Task Handle(CaseCompleted notification, CancellationToken cancellationToken)
    {
        var fact = await db.CaseFacts.AsNoTracking()
            .SingleOrDefaultAsync(f => f.RegionCode == SupervisionModule.DefaultRegion && f.CaseNumber == notification.CaseNumber, cancellationToken);
        if (fact is null)
        {
            // Not accepted through CaseAccepted (test data, or an import): nothing to attribute it to.
            log.LogWarning("Case {CaseNumber} completed without an accepted case on record; not counted.", notification.CaseNumber);
            return;
        }

        var (used, onTime) = await MeasureAsync(fact, notification.CompletedAt, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await Counters.FirstTimeAsync(db, $"completed:{notification.CaseNumber}", clock.GetUtcNow(), cancellationToken))
        {
            return;
        }

        var day = CenterDate.Of(notification.CompletedAt);
        await db.CaseFacts
            .Where(f => f.RegionCode == SupervisionModule.DefaultRegion && f.CaseNumber == notification.CaseNumber)
            .ExecuteUpdateAsync(
                set => set.SetProperty(f => f.CompletedAt, notification.CompletedAt.ToUniversalTime())
                    .SetProperty(f => f.CompletedOn, day)
                    .SetProperty(f => f.OnTime, onTime)
                    .SetProperty(f => f.UsedDays, used),
                cancellationToken);
        await Counters.AddAsync(
            db,
            Attribution.Of(fact),
            day,
            new Delta(Completed: 1, CompletedOnTime: onTime ? 1 : 0, UsedDays: used, CommittedDays: fact.CommittedDays),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<(int Used, bool OnTime)> MeasureAsync(CaseFact fact, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        if (await sender.Send(new MeasureClock($"case:{fact.CaseNumber}:committed", completedAt), cancellationToken) is { } usage)
        {
            return (usage.UsedWorkingDays, usage.WithinLimit);
        }

        var rules = await sender.Send(new GetCalendarRules(Calendars.National), cancellationToken);
        var holidays = rules?.Holidays.ToHashSet() ?? [];
        var workdays = rules?.Workdays.ToHashSet() ?? [];
        var accepted = CenterDate.Of(fact.AcceptedAt);
        var used = WorkingDays.Count(accepted, CenterDate.Of(completedAt), holidays, workdays);

        // Due at the end of the last committed working day, as the Deadline module's clocks are.
        var due = new DateTimeOffset(WorkingDays.Add(accepted, fact.CommittedDays, holidays, workdays).ToDateTime(WorkingDays.WorkdayEndsAt), CenterDate.Offset);
        return (used, completedAt <= due);
    }
}

/// <summary>
/// Yellow and red alerts: counted on the threshold's day for the case they concern (case clocks only; a department
/// task's clock is counted by its case's clocks); a red alert of the committed limit also marks the case overdue until it
/// completes. Complaint and rectification clocks mark their own rows. A run of alerts from the outbox is counted in the
/// dispatcher's transaction, with one read of the cases it concerns.
/// </summary>
internal sealed class CountAlerts(SupervisionDbContext db, TimeProvider clock) : IBatchNotificationHandler<ClockWarned>, IBatchNotificationHandler<ClockOverdue>
{
    public Task Handle(ClockWarned notification, CancellationToken cancellationToken) =>
        HandleAsync([Alert.Of(notification)], transaction: null, cancellationToken);

    public Task Handle(ClockOverdue notification, CancellationToken cancellationToken) =>
        HandleAsync([Alert.Of(notification)], transaction: null, cancellationToken);

    public Task Handle(IReadOnlyList<ClockWarned> notifications, DbTransaction transaction, CancellationToken cancellationToken) =>
        HandleAsync([.. notifications.Select(Alert.Of)], transaction, cancellationToken);

    public Task Handle(IReadOnlyList<ClockOverdue> notifications, DbTransaction transaction, CancellationToken cancellationToken) =>
        HandleAsync([.. notifications.Select(Alert.Of)], transaction, cancellationToken);

    /// <summary>Counts the alerts in <paramref name="transaction"/> (the outbox's), or, without one, in a transaction of its own.</summary>
    private async Task HandleAsync(IReadOnlyList<Alert> alerts, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await db.Database.UseTransactionOfAsync(transaction, cancellationToken);
        }

        var cases = new List<(Alert Alert, string CaseNumber, bool Committed)>();
        foreach (var alert in alerts)
        {
            var warning = alert.Level == AlertLevel.Warning;
            var at = alert.At;
            switch (alert.OwnerKey.Split(':'))
            {
                case ["complaint", var number]:
                    await db.Complaints
                        .Where(c => c.RegionCode == SupervisionModule.DefaultRegion && c.Number == number)
                        .ExecuteUpdateAsync(
                            set =>
                            {
                                if (warning)
                                {
                                    set.SetProperty(c => c.WarnedAt, c => c.WarnedAt ?? at);
                                }
                                else
                                {
                                    set.SetProperty(c => c.OverdueAt, c => c.OverdueAt ?? at);
                                }
                            },
                            cancellationToken);
                    break;
                case ["rectification", var caseNumber]:
                    await db.Rectifications
                        .Where(r => r.RegionCode == SupervisionModule.DefaultRegion && r.CaseNumber == caseNumber)
                        .ExecuteUpdateAsync(
                            set =>
                            {
                                if (warning)
                                {
                                    set.SetProperty(r => r.WarnedAt, r => r.WarnedAt ?? at);
                                }
                                else
                                {
                                    set.SetProperty(r => r.OverdueAt, r => r.OverdueAt ?? at);
                                }
                            },
                            cancellationToken);
                    break;
                case ["case", var caseNumber, var limit]:
                    cases.Add((alert, caseNumber, limit == "committed"));
                    break;
                default:
                    break;
            }
        }

        if (cases.Count == 0)
        {
            return;
        }

        // One read for the run: alerts of cases accepted elsewhere (test data, an import) count nowhere.
        var numbers = cases.Select(c => c.CaseNumber).Distinct().ToList();
        var facts = await db.CaseFacts.AsNoTracking()
            .Where(f => f.RegionCode == SupervisionModule.DefaultRegion && numbers.Contains(f.CaseNumber))
            .ToDictionaryAsync(f => f.CaseNumber, StringComparer.Ordinal, cancellationToken);
        if (facts.Count == 0)
        {
            return;
        }

        var own = transaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await using (own)
        {
            foreach (var (alert, caseNumber, committed) in cases)
            {
                if (facts.TryGetValue(caseNumber, out var fact))
                {
                    await CountCaseAlertAsync(alert, fact, committed, cancellationToken);
                }
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
    }

    private async Task CountCaseAlertAsync(Alert alert, CaseFact fact, bool committed, CancellationToken cancellationToken)
    {
        if (!await Counters.FirstTimeAsync(db, $"alert:{alert.ClockId}:{alert.Level}", clock.GetUtcNow(), cancellationToken))
        {
            return;
        }

        if (committed && alert.Level == AlertLevel.Overdue)
        {
            await db.CaseFacts
                .Where(f => f.RegionCode == SupervisionModule.DefaultRegion && f.CaseNumber == fact.CaseNumber && f.CompletedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.OverdueAt, alert.At), cancellationToken);
        }

        var delta = alert.Level == AlertLevel.Warning ? new Delta(Warnings: 1) : new Delta(Overdues: 1);
        await Counters.AddAsync(db, Attribution.Of(fact), CenterDate.Of(alert.At), delta, cancellationToken);
    }

    private sealed record Alert(Guid ClockId, string OwnerKey, AlertLevel Level, DateTimeOffset At)
    {
        public static Alert Of(ClockWarned n) => new(n.ClockId, n.OwnerKey, AlertLevel.Warning, n.WarnAt.ToUniversalTime());

        public static Alert Of(ClockOverdue n) => new(n.ClockId, n.OwnerKey, AlertLevel.Overdue, n.DueAt.ToUniversalTime());
    }
}

/// <summary>Working days after one date up to and including another, on a calendar's holidays and make-up working days.</summary>
internal static class WorkingDays
{
    /// <summary>When the windows close (the Deadline module's default <c>WorkdayEndsAt</c>).</summary>
    public static readonly TimeOnly WorkdayEndsAt = new(17, 30);

    public static int Count(DateOnly from, DateOnly to, IReadOnlySet<DateOnly> holidays, IReadOnlySet<DateOnly> workdays)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day, holidays, workdays))
            {
                count++;
            }
        }

        return count;
    }

    public static DateOnly Add(DateOnly from, int days, IReadOnlySet<DateOnly> holidays, IReadOnlySet<DateOnly> workdays)
    {
        var day = from;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day, holidays, workdays))
            {
                counted++;
            }
        }

        return day;
    }

    private static bool IsWorkingDay(DateOnly day, IReadOnlySet<DateOnly> holidays, IReadOnlySet<DateOnly> workdays) =>
        workdays.Contains(day) || (!holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
}
