using System.Data.Common;
using System.Globalization;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Persistence;

namespace CaseFlow.Supervision.Features.Ledger;

/// <summary>
/// Records each alert of the Deadline module in the ledger (rule 5). The scheduler queues <see cref="ClockWarned"/> and
/// <see cref="ClockOverdue"/> in the Deadline module's outbox with the alert; the Kernel's dispatcher delivers them after
/// commit, at least once, so the entry is keyed on <c>alert:&lt;clock id&gt;:&lt;level&gt;</c> and a redelivery finds it.
/// A run of alerts (thousands come due at once after a holiday recompute) is recorded with one statement in the
/// dispatcher's transaction; a single one (and every one of a run that failed) through <see cref="RecordLedgerEntry"/>.
/// </summary>
internal sealed class AlertLedger(ISender sender, TimeProvider clock) : IBatchNotificationHandler<ClockWarned>, IBatchNotificationHandler<ClockOverdue>
{
    public Task Handle(ClockWarned notification, CancellationToken cancellationToken) =>
        sender.Send(Entry(notification), cancellationToken);

    public Task Handle(ClockOverdue notification, CancellationToken cancellationToken) =>
        sender.Send(Entry(notification), cancellationToken);

    public Task Handle(IReadOnlyList<ClockWarned> notifications, DbTransaction transaction, CancellationToken cancellationToken) =>
        LedgerBatch.RecordAsync([.. notifications.Select(Entry)], transaction, clock.GetUtcNow(), cancellationToken);

    public Task Handle(IReadOnlyList<ClockOverdue> notifications, DbTransaction transaction, CancellationToken cancellationToken) =>
        LedgerBatch.RecordAsync([.. notifications.Select(Entry)], transaction, clock.GetUtcNow(), cancellationToken);

    internal static RecordLedgerEntry Entry(ClockWarned alert) =>
        Entry(AlertLevel.Warning, alert.ClockId, alert.OwnerKey, alert.WarnAt, alert.DueAt);

    internal static RecordLedgerEntry Entry(ClockOverdue alert) =>
        Entry(AlertLevel.Overdue, alert.ClockId, alert.OwnerKey, alert.DueAt, alert.DueAt);

    private static RecordLedgerEntry Entry(AlertLevel level, Guid clockId, string ownerKey, DateTimeOffset thresholdAt, DateTimeOffset dueAt)
    {
        // Owner keys are the Deadline module's: case:<number>:committed|statutory, task:<guid>, complaint:<number>,
        // rectification:<case number>.
        var parts = ownerKey.Split(':');
        var limit = parts switch
        {
            ["case", _, "committed"] => "committed limit (承诺时限)",
            ["case", _, "statutory"] => "statutory limit (法定时限)",
            ["complaint", _] => "reply limit (投诉办理时限)",
            ["rectification", _] => "rectification limit (差评整改时限)",
            _ => "department task limit",
        };
        var subjectType = parts[0];
        var subjectId = parts.Length > 1 ? parts[1] : ownerKey;
        var due = dueAt.ToOffset(CenterDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var summary = level == AlertLevel.Warning
            ? $"Yellow alert (预警): the {limit} of {subjectType} {subjectId} is close; due {due} CST."
            : $"Red alert (超时): the {limit} of {subjectType} {subjectId} passed at {due} CST.";
        return new RecordLedgerEntry(
            level == AlertLevel.Warning ? LedgerEntryKind.Warning : LedgerEntryKind.Overdue,
            $"alert:{clockId}:{level}",
            subjectType,
            subjectId,
            null,
            summary,
            thresholdAt.ToUniversalTime());
    }
}
