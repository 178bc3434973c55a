using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Contracts;

namespace CaseFlow.Host.Ui;

/// <summary>The supervisor dashboard's live numbers: open red and yellow alerts and open violations.</summary>
internal sealed record LiveSupervisionFigures(int Overdue, int Warning, int Violations, string UpdatedAt);

internal sealed class SupervisionFigures(ISender sender, TimeProvider clock)
{
    public const int PollSeconds = 5;

    public async Task<LiveSupervisionFigures> ReadAsync(CancellationToken cancellationToken = default)
    {
        var counts = await sender.Send(new CountOpenLedgerEntries(), cancellationToken);
        var violations = counts.Where(c => c.Key is not (LedgerEntryKind.Warning or LedgerEntryKind.Overdue)).Sum(c => c.Value);
        return new LiveSupervisionFigures(
            counts.GetValueOrDefault(LedgerEntryKind.Overdue),
            counts.GetValueOrDefault(LedgerEntryKind.Warning),
            violations,
            TaskDue.LocalDateTime(clock.GetUtcNow()) + clock.GetUtcNow().ToString(":ss", System.Globalization.CultureInfo.InvariantCulture));
    }
}
