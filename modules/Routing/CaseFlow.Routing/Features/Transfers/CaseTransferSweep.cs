using CaseFlow.Kernel.Handovers;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Routing.Persistence;
using CaseFlow.Supervision.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseFlow.Routing.Features.Transfers;

/// <summary>
/// Escalates case transfers nobody acknowledged in time to the e-supervision ledger, once per transfer (the Kernel's
/// <see cref="HandoverEscalationJob{THandover}"/>: SKIP LOCKED claims over the partial index of pending acknowledgements,
/// marked and reported in one transaction), run as a recurring job of the Host's clustered scheduler.
/// </summary>
internal sealed class CaseTransferSweep(RoutingDbContext db, TimeProvider clock, IOptions<CaseTransferOptions> options, ILogger<CaseTransferSweep> logger)
    : HandoverEscalationJob<CaseTransfer>(db, clock, logger)
{
    public override string Name => "routing.case-transfer-escalation";

    public override string Cron => options.Value.SweepCron;

    protected override async Task<IReadOnlyList<INotification>> EscalatedAsync(IReadOnlyList<CaseTransfer> due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var caseNumbers = due.Select(t => t.CaseNumber).Distinct(StringComparer.Ordinal).ToList();
        var accountable = await db.CaseHolders.AsNoTracking()
            .Where(h => h.RegionCode == RoutingModule.DefaultRegion && caseNumbers.Contains(h.CaseNumber))
            .ToDictionaryAsync(h => h.CaseNumber, h => h.AccountableName, StringComparer.Ordinal, cancellationToken);
        return [.. due.Select(transfer => new CaseTransferEscalated(new RecordLedgerEntry(
            LedgerEntryKind.UnacknowledgedTransfer,
            $"case-transfer:{transfer.Id:N}",
            "case",
            transfer.CaseNumber,
            transfer.RequestedBy,
            $"Transfer of case {transfer.CaseNumber} from {transfer.FromCode} to {transfer.ToKind.ToString().ToLowerInvariant()} {transfer.ToCode} "
                + $"was not acknowledged by {transfer.AcknowledgeDueAt:u}; {accountable.GetValueOrDefault(transfer.CaseNumber) ?? transfer.RequestedByName} remains accountable.",
            now)))];
    }
}

/// <summary>A case transfer was escalated: its ledger entry, recorded once the escalation is committed (through the outbox).</summary>
internal sealed record CaseTransferEscalated(RecordLedgerEntry Entry) : INotification;

internal sealed class CaseTransferEscalatedHandler(ISender sender) : INotificationHandler<CaseTransferEscalated>
{
    // RecordLedgerEntry is idempotent on its source key (the transfer), so a redelivered message records nothing twice.
    public async Task Handle(CaseTransferEscalated notification, CancellationToken cancellationToken) => await sender.Send(notification.Entry, cancellationToken);
}
