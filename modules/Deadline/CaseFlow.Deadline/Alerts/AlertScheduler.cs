using CaseFlow.Deadline.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Deadline.Alerts;

/// <summary>What one sweep did, and the earliest threshold still ahead (null when no running clock has one).</summary>
internal readonly record struct SweepResult(int Warnings, int Overdue, DateTimeOffset? NextThresholdAt);

/// <summary>
/// Raises yellow and red alerts (rule 3 and rule 5) the way a job queue would: every node runs one, and each sweep is one
/// round trip that claims the crossed thresholds of both levels with <c>FOR UPDATE SKIP LOCKED</c> and, in the same
/// statement, marks the clocks, writes the alerts and queues <see cref="ClockWarned"/> / <see cref="ClockOverdue"/> in
/// the module's Kernel outbox (delivered after commit by the Kernel's <c>OutboxDispatcher</c>; the Supervision module's <c>AlertLedger</c>
/// turns them into supervision ledger entries). Thresholds are read with <c>&lt;= now</c>, so one crossed while no node
/// ran is raised at the next start; the unique (clock, level) alert makes a second raise impossible.
/// Between sweeps the scheduler sleeps until the earliest threshold still ahead (read from the same partial indexes),
/// at most <see cref="AlertSchedulerOptions.PollInterval"/>, and not at all after a full batch.
/// </summary>
internal sealed class AlertScheduler(
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IOptions<DeadlineOptions> options,
    ILogger<AlertScheduler> logger) : BackgroundService
{
    private static readonly string WarnedType = OutboxType(typeof(ClockWarned));
    private static readonly string OverdueType = OutboxType(typeof(ClockOverdue));

    /// <summary>
    /// The claim of one level, one statement: the threshold column and the column that records the alert; see
    /// 0002_clocks_and_alerts.sql for the partial indexes it reads. Its row count is the number of alerts raised.
    /// </summary>
    internal static string ClaimSql(AlertLevel level)
    {
        var (threshold, marker) = level == AlertLevel.Warning ? ("warn_at", "warned_at") : ("due_at", "overdue_at");
        // The payload is the notification as the Kernel's outbox serializes it (System.Text.Json, web defaults).
        var payload = level == AlertLevel.Warning
            ? "jsonb_build_object('clockId', id, 'ownerKey', owner_key, 'warnAt', warn_at, 'dueAt', due_at)"
            : "jsonb_build_object('clockId', id, 'ownerKey', owner_key, 'dueAt', due_at)";
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
                RETURNING id, owner_key, warn_at, due_at, {threshold} AS threshold_at
            ), raised AS (
                -- Runs to completion although nothing reads it (PostgreSQL executes every data-modifying WITH).
                INSERT INTO deadline.alerts (id, clock_id, level, threshold_at, raised_at)
                SELECT gen_random_uuid(), id, '{level}', threshold_at, @now FROM marked
            )
            INSERT INTO deadline.outbox (type, payload, occurred_at, next_attempt_at)
            SELECT @type, {payload}, threshold_at, @now FROM marked
            """;
    }

    /// <summary>The earliest threshold of a running clock that is still ahead of <c>@now</c> and not yet alerted; one probe of each partial index.</summary>
    internal const string NextThresholdSql = """
        SELECT least(
            (SELECT min(warn_at) FROM deadline.clocks WHERE state = 'Running' AND warned_at IS NULL AND warn_at > @now),
            (SELECT min(due_at) FROM deadline.clocks WHERE state = 'Running' AND overdue_at IS NULL AND due_at > @now))
        """;

    private long _claimed;

    /// <summary>Alerts this instance raised since it was made.</summary>
    public long Claimed => Interlocked.Read(ref _claimed);

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
            var wait = Settings.PollInterval;
            try
            {
                var sweep = await SweepAsync(stoppingToken);
                // A full batch means more may be waiting: sweep again at once. Otherwise sleep until the next
                // threshold falls, so an alert is raised as it comes due rather than up to a poll interval later;
                // the poll interval caps the sleep because a clock started or changed meanwhile may fall due sooner.
                if (sweep.Warnings == Settings.ClaimBatchSize || sweep.Overdue == Settings.ClaimBatchSize)
                {
                    continue;
                }

                if (sweep.NextThresholdAt is { } next)
                {
                    var untilNext = next - time.GetUtcNow();
                    wait = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < wait ? untilNext : wait;
                }
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

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One round trip: claims crossed thresholds of both levels (each one statement that marks, raises and queues the
    /// notification) and reads the next threshold still ahead. The batch runs as one implicit transaction.
    /// </summary>
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { Claim(AlertLevel.Warning, WarnedType), Claim(AlertLevel.Overdue, OverdueType), Next() },
        };
        DateTimeOffset? next;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            next = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0);
        }

        var warnings = batch.BatchCommands[0].RecordsAffected;
        var overdue = batch.BatchCommands[1].RecordsAffected;
        Interlocked.Add(ref _claimed, warnings + overdue);
        if (warnings + overdue > 0)
        {
            logger.LogInformation("Raised {Warnings} warnings and {Overdue} overdue alerts", warnings, overdue);
        }

        return new SweepResult(warnings, overdue, next);

        NpgsqlBatchCommand Claim(AlertLevel level, string type)
        {
#pragma warning disable CA2100 // The SQL is built from constants chosen by the level, not from input.
            var command = new NpgsqlBatchCommand(ClaimSql(level));
#pragma warning restore CA2100
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("batch", Settings.ClaimBatchSize);
            command.Parameters.AddWithValue("type", type);
            return command;
        }

        NpgsqlBatchCommand Next()
        {
            var command = new NpgsqlBatchCommand(NextThresholdSql);
            command.Parameters.AddWithValue("now", now);
            return command;
        }
    }

    /// <summary>The type name the Kernel's outbox stores and resolves (<c>AddNotification</c>'s format).</summary>
    private static string OutboxType(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
