using System.Globalization;
using CaseFlow.Deadline.Clocks;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Deadline.Features.Clocks;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Contracts;

namespace CaseFlow.Deadline.Alerts;

/// <summary>
/// Records each alert in the supervision ledger (rule 5). The scheduler queues <see cref="ClockWarned"/> and
/// <see cref="ClockOverdue"/> in the module's outbox with the alert; the Kernel's dispatcher publishes them after commit,
/// at least once, so the entry is keyed on <c>alert:&lt;clock id&gt;:&lt;level&gt;</c> and a redelivery finds it.
/// </summary>
internal sealed class AlertLedger(ISender sender) : INotificationHandler<ClockWarned>, INotificationHandler<ClockOverdue>
{
    public Task Handle(ClockWarned notification, CancellationToken cancellationToken) =>
        Record(AlertLevel.Warning, notification.ClockId, notification.OwnerKey, notification.WarnAt, notification.DueAt, cancellationToken);

    public Task Handle(ClockOverdue notification, CancellationToken cancellationToken) =>
        Record(AlertLevel.Overdue, notification.ClockId, notification.OwnerKey, notification.DueAt, notification.DueAt, cancellationToken);

    private async Task Record(AlertLevel level, Guid clockId, string ownerKey, DateTimeOffset thresholdAt, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var parts = ownerKey.Split(':');
        var limit = ClockOwner.KindOf(ownerKey) switch
        {
            ClockKind.Committed => "committed limit (承诺时限)",
            ClockKind.Statutory => "statutory limit (法定时限)",
            ClockKind.Complaint => "reply limit (投诉办理时限)",
            ClockKind.Rectification => "rectification limit (差评整改时限)",
            _ => "department task limit",
        };
        var due = dueAt.ToOffset(ClockSchedule.ChinaStandardTime).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var summary = level == AlertLevel.Warning
            ? $"Yellow alert (预警): the {limit} of {parts[0]} {parts[1]} is close; due {due} CST."
            : $"Red alert (超时): the {limit} of {parts[0]} {parts[1]} passed at {due} CST.";
        await sender.Send(
            new RecordLedgerEntry(
                level == AlertLevel.Warning ? LedgerEntryKind.Warning : LedgerEntryKind.Overdue,
                $"alert:{clockId}:{level}",
                parts[0],
                parts[1],
                null,
                summary,
                thresholdAt),
            cancellationToken);
    }
}
