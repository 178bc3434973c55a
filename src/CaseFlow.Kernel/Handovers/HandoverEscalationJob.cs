using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Kernel.Handovers;

/// <summary>
/// Escalates handovers nobody acknowledged in time (rule 1: unacknowledged transfers escalate; rule 5: supervisors see
/// it), each exactly once. A sweep claims due rows with <c>FOR UPDATE SKIP LOCKED</c> (the module keeps a partial index
/// of pending acknowledgements, so cost follows what is due, not how many transfers exist), marks them escalated and
/// writes the module's notification for each to the module's outbox, all in one transaction: a crash before the commit
/// leaves them for the next sweep, and the outbox delivers each notification after commit, at least once, to idempotent
/// handlers. Nodes and overlapping firings share the work: rows one sweep claims are skipped by the others, and an
/// acknowledgement in progress (which holds the row) is not escalated. The cadence is a recurring job of the Host's
/// clustered scheduler; each firing drains what is due in batches. The module's context maps the transfer table and
/// the outbox (<c>AddOutbox</c>).
/// </summary>
public abstract class HandoverEscalationJob<THandover>(DbContext db, TimeProvider clock, ILogger logger) : IRecurringJob
    where THandover : Handover
{
    /// <summary>The most transfers one sweep claims; a full batch is followed by another sweep at once.</summary>
    public const int BatchSize = 100;

    public abstract string Name { get; }

    public abstract string Cron { get; }

    public async Task RunAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        int escalated;
        do
        {
            escalated = await SweepOnceAsync(cancellationToken);
            if (escalated > 0)
            {
                logger.LogInformation("Escalated {Count} unacknowledged transfers ({Job})", escalated, Name);
            }
        }
        while (escalated == BatchSize);
    }

    /// <summary>Claims and escalates up to <see cref="BatchSize"/> due transfers in one transaction; returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Set<THandover>().FromSqlRaw(ClaimSql(db.Model), now).ToListAsync(cancellationToken);
        if (due.Count > 0)
        {
            foreach (var notification in await EscalatedAsync(due, now, cancellationToken))
            {
                db.AddNotification(notification, now);
            }

            foreach (var handover in due)
            {
                handover.EscalatedAt = now;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    /// <summary>
    /// The module's own notifications reporting <paramref name="due"/> as escalated at <paramref name="now"/> (typically
    /// one per transfer, whose handler records the ledger entry with the transfer as source key). They are written to the
    /// module's outbox in the transaction that marks the transfers escalated.
    /// </summary>
    protected abstract Task<IReadOnlyList<INotification>> EscalatedAsync(IReadOnlyList<THandover> due, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The claim over the module's table, with its schema, table and column names from the context's model.</summary>
    private static string ClaimSql(IModel model)
    {
        var entity = model.FindEntityType(typeof(THandover))
            ?? throw new InvalidOperationException($"The context does not map {typeof(THandover).Name}.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => Quote(entity.FindProperty(property)!.GetColumnName(table)!);
        var acknowledgedAt = Column(nameof(Handover.AcknowledgedAt));
        var escalatedAt = Column(nameof(Handover.EscalatedAt));
        var dueAt = Column(nameof(Handover.AcknowledgeDueAt));
        var from = table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";
        return $$"""
            SELECT * FROM {{from}}
            WHERE {{acknowledgedAt}} IS NULL AND {{escalatedAt}} IS NULL AND {{dueAt}} <= {0}
            ORDER BY {{dueAt}}
            LIMIT {{BatchSize}}
            FOR UPDATE SKIP LOCKED
            """;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
