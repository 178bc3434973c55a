using System.Globalization;
using CaseFlow.Deadline.Clocks;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Deadline.Alerts;

/// <summary>What one sweep did.</summary>
internal readonly record struct SweepResult(int Warnings, int Overdue, int Delivered, int Failed);

/// <summary>
/// Raises yellow and red alerts (rule 3 and rule 5) the way a job queue would: every node runs one, each sweep claims the
/// crossed thresholds in batches with <c>FOR UPDATE SKIP LOCKED</c>, marks them and writes the alert and its outbox row
/// in one transaction, then delivers the outbox to the supervision ledger with retries. Thresholds are read with
/// <c>&lt;= now</c>, so one crossed while no node ran is raised at the next start; the unique (clock, level) alert
/// makes a second raise impossible, and the ledger is idempotent on the alert's source key, so a redelivery is harmless.
/// </summary>
internal sealed class AlertScheduler(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<DeadlineOptions> options,
    ILogger<AlertScheduler> logger) : BackgroundService
{
    /// <summary>The claim of one level: the threshold column and the column that records the alert; see 0002_clocks_and_alerts.sql for the partial indexes it reads.</summary>
    internal static string ClaimSql(AlertLevel level)
    {
        var (threshold, marker) = level == AlertLevel.Warning ? ("warn_at", "warned_at") : ("due_at", "overdue_at");
        return $"""
            WITH marked AS (
                -- = ANY(ARRAY(...)) keeps the update on primary-key lookups of the claimed rows: a join with the
                -- claim could be planned as a hash join over every clock.
                UPDATE deadline.clocks SET {marker} = @now
                WHERE id = ANY (ARRAY(
                    SELECT id
                    FROM deadline.clocks
                    WHERE state = 'Running' AND {marker} IS NULL AND {threshold} <= @now
                    ORDER BY {threshold}
                    LIMIT @batch
                    FOR UPDATE SKIP LOCKED))
                RETURNING id, {threshold} AS threshold_at
            ), raised AS (
                INSERT INTO deadline.alerts (id, clock_id, level, threshold_at, raised_at)
                SELECT gen_random_uuid(), id, '{level}', threshold_at, @now FROM marked
                RETURNING id
            )
            INSERT INTO deadline.alert_outbox (alert_id, next_attempt_at)
            SELECT id, @now FROM raised
            """;
    }

    internal const string ClaimDeliveriesSql = """
        SELECT o.id, o.attempts, a.clock_id, a.level, a.threshold_at, c.owner_key, c.kind, c.warn_at, c.due_at
        FROM deadline.alert_outbox AS o
        JOIN deadline.alerts AS a ON a.id = o.alert_id
        JOIN deadline.clocks AS c ON c.id = a.clock_id
        WHERE o.delivered_at IS NULL AND o.next_attempt_at <= @now
        ORDER BY o.next_attempt_at
        LIMIT @batch
        FOR UPDATE OF o SKIP LOCKED
        """;

    private long _claimed;
    private long _delivered;

    /// <summary>Alerts this instance raised since it was made.</summary>
    public long Claimed => Interlocked.Read(ref _claimed);

    /// <summary>Alerts this instance delivered to the ledger since it was made.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    private AlertSchedulerOptions Settings => options.Value.Scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Settings.Enabled)
        {
            logger.LogInformation("The alert scheduler is disabled on this node");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var fullBatch = false;
            try
            {
                var sweep = await SweepAsync(stoppingToken);
                // A full batch means more may be waiting: sweep again at once instead of sleeping.
                fullBatch = sweep.Warnings == Settings.ClaimBatchSize
                    || sweep.Overdue == Settings.ClaimBatchSize
                    || sweep.Delivered + sweep.Failed == Settings.DeliveryBatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The scheduler outlives a failed sweep (a database restart, a failover); the next sweep retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "An alert sweep failed; retrying after the poll interval");
            }

            if (!fullBatch)
            {
                try
                {
                    await Task.Delay(Settings.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: claim crossed thresholds, then deliver pending alerts.</summary>
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var (warnings, overdue) = await ClaimAsync(cancellationToken);
        var (delivered, failed) = await DeliverAsync(cancellationToken);
        return new SweepResult(warnings, overdue, delivered, failed);
    }

    private async Task<(int Warnings, int Overdue)> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var warnings = await Claim(AlertLevel.Warning);
        var overdue = await Claim(AlertLevel.Overdue);
        await transaction.CommitAsync(cancellationToken);
        Interlocked.Add(ref _claimed, warnings + overdue);
        if (warnings + overdue > 0)
        {
            logger.LogInformation("Raised {Warnings} warnings and {Overdue} overdue alerts", warnings, overdue);
        }

        return (warnings, overdue);

        async Task<int> Claim(AlertLevel level)
        {
#pragma warning disable CA2100 // The SQL is built from two constants chosen by the level, not from input.
            await using var command = new NpgsqlCommand(ClaimSql(level), connection, transaction);
#pragma warning restore CA2100
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("batch", Settings.ClaimBatchSize);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<(int Delivered, int Failed)> DeliverAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The outbox rows stay locked while their ledger entries are written, so two nodes never deliver one alert at once.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pending = new List<PendingAlert>();
        await using (var claim = new NpgsqlCommand(ClaimDeliveriesSql, connection, transaction))
        {
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("batch", Settings.DeliveryBatchSize);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add(new PendingAlert(
                    reader.GetInt64(0),
                    reader.GetInt32(1),
                    reader.GetGuid(2),
                    Enum.Parse<AlertLevel>(reader.GetString(3)),
                    reader.GetFieldValue<DateTimeOffset>(4),
                    reader.GetString(5),
                    Enum.Parse<ClockKind>(reader.GetString(6)),
                    reader.GetFieldValue<DateTimeOffset>(7),
                    reader.GetFieldValue<DateTimeOffset>(8)));
            }
        }

        if (pending.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return (0, 0);
        }

        var delivered = new List<long>();
        var failed = 0;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            foreach (var alert in pending)
            {
                try
                {
                    await mediator.Send(alert.ToLedgerEntry(), cancellationToken);
                    await mediator.Publish(alert.ToNotification(), cancellationToken);
                    delivered.Add(alert.OutboxId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failed++;
                    logger.LogWarning(ex, "Delivering the {Level} alert of clock {ClockId} failed (attempt {Attempt})", alert.Level, alert.ClockId, alert.Attempts + 1);
                    await using var retry = new NpgsqlCommand(
                        "UPDATE deadline.alert_outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE id = @id",
                        connection,
                        transaction);
                    retry.Parameters.AddWithValue("id", alert.OutboxId);
                    retry.Parameters.AddWithValue("next", now + RetryDelay(alert.Attempts));
                    retry.Parameters.AddWithValue("error", ex.Message);
                    await retry.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }

        await using (var done = new NpgsqlCommand(
            "UPDATE deadline.alert_outbox SET attempts = attempts + 1, delivered_at = @now, last_error = NULL WHERE id = ANY(@ids)",
            connection,
            transaction))
        {
            done.Parameters.AddWithValue("now", now);
            done.Parameters.AddWithValue("ids", delivered.ToArray());
            await done.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Interlocked.Add(ref _delivered, delivered.Count);
        return (delivered.Count, failed);
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var delay = Settings.RetryDelay * Math.Pow(2, Math.Min(attempts, 20));
        return delay < Settings.MaxRetryDelay ? delay : Settings.MaxRetryDelay;
    }

    private sealed record PendingAlert(
        long OutboxId,
        int Attempts,
        Guid ClockId,
        AlertLevel Level,
        DateTimeOffset ThresholdAt,
        string OwnerKey,
        ClockKind Kind,
        DateTimeOffset WarnAt,
        DateTimeOffset DueAt)
    {
        public RecordLedgerEntry ToLedgerEntry()
        {
            var parts = OwnerKey.Split(':');
            var limit = Kind switch
            {
                ClockKind.Committed => "committed limit (承诺时限)",
                ClockKind.Statutory => "statutory limit (法定时限)",
                ClockKind.Complaint => "reply limit (投诉办理时限)",
                ClockKind.Rectification => "rectification limit (差评整改时限)",
                _ => "department task limit",
            };
            var due = DueAt.ToOffset(ClockSchedule.ChinaStandardTime).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var summary = Level == AlertLevel.Warning
                ? $"Yellow alert (预警): the {limit} of {parts[0]} {parts[1]} is close; due {due} CST."
                : $"Red alert (超时): the {limit} of {parts[0]} {parts[1]} passed at {due} CST.";
            return new RecordLedgerEntry(
                Level == AlertLevel.Warning ? LedgerEntryKind.Warning : LedgerEntryKind.Overdue,
                $"alert:{ClockId}:{Level}",
                parts[0],
                parts[1],
                null,
                summary,
                ThresholdAt);
        }

        public INotification ToNotification() =>
            Level == AlertLevel.Warning ? new ClockWarned(ClockId, OwnerKey, WarnAt, DueAt) : new ClockOverdue(ClockId, OwnerKey, DueAt);
    }
}
