using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Supervision.Features.Ledger;

internal sealed class CountOpenLedgerEntriesHandler(SupervisionDbContext db) : IRequestHandler<CountOpenLedgerEntries, IReadOnlyDictionary<LedgerEntryKind, int>>
{
    public async Task<IReadOnlyDictionary<LedgerEntryKind, int>> Handle(CountOpenLedgerEntries request, CancellationToken cancellationToken) =>
        // One grouped count over the open entries: the dashboard polls this every few seconds.
        await db.LedgerEntries.AsNoTracking()
            .Where(e => e.RegionCode == SupervisionModule.DefaultRegion && e.State == LedgerEntryState.Open)
            .GroupBy(e => e.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Kind, g => g.Count, cancellationToken);
}
