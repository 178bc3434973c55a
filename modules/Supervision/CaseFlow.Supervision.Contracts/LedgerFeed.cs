using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Supervision.Contracts;

/// <summary>A new ledger entry as the live feed announces it; <paramref name="Seq"/> orders the feed and is its event id.</summary>
public sealed record LedgerFeedItem(long Seq, Guid Id, LedgerEntryKind Kind, string SubjectType, string SubjectId, DateTimeOffset OccurredAt);

/// <summary>Ledger entries recorded after <paramref name="AfterSeq"/>, oldest first; without it, the newest <paramref name="Limit"/>.</summary>
public sealed record ReadLedgerFeed(long? AfterSeq, int Limit) : IRequest<IReadOnlyList<LedgerFeedItem>>;
