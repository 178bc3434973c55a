using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Supervision.Contracts;

/// <summary>Alerts and violations in one state, newest first.</summary>
public sealed record ListLedgerEntries(LedgerEntryState State, int Limit) : IRequest<Page<LedgerEntryDto>>;

/// <summary>How many ledger entries are open, by kind (kinds without open entries are left out).</summary>
public sealed record CountOpenLedgerEntries : IRequest<IReadOnlyDictionary<LedgerEntryKind, int>>;
