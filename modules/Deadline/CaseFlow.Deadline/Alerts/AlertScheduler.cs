using CaseFlow.Deadline.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Deadline.Alerts;

/// <summary>What one sweep did, and the earliest threshold still ahead (null when no running clock has one).</summary>
/// <param name="Warnings">Yellow alerts raised.</param>
/// <param name="Overdue">Red alerts raised.</param>
/// <param name="NextThresholdAt">The earliest threshold of a running clock still ahead.</param>
/// <param name="Full">A level read a full batch of crossed thresholds: more may be waiting.</param>
internal readonly record struct SweepResult(int Warnings, int Overdue, DateTimeOffset? NextThresholdAt, bool Full = false);

/// <summary>
/// Raises yellow and red alerts (rule 3 and rule 5) with a per-level watermark instead of per-row claims: every node
/// runs one; a sweep locks the levels' rows of <c>deadline.alert_watermarks</c> (<c>FOR UPDATE SKIP LOCKED</c>: a level
/// another node is sweeping is skipped, so two nodes never raise the same range), then, per level, one statement reads
/// the running clocks whose threshold lies after the watermark and at or before now (at most a batch, in
/// (threshold, id) order), inserts their alerts (<c>ON CONFLICT (clock_id, level) DO NOTHING</c>), queues
/// <see cref="ClockWarned"/> / <see cref="ClockOverdue"/> in the module's Kernel outbox for the alerts it inserted and
/// moves the watermark, all in the sweep's transaction. No clock row is written. A clock whose threshold moves to at or
/// before the watermark is alerted by the transaction that moves it (<see cref="AlertBehindWatermarkSql"/>). Between
/// sweeps the scheduler sleeps until the earliest threshold still ahead, at most
/// <see cref="AlertSchedulerOptions.PollInterval"/>, and not at all after a full batch.
/// </summary>
internal sealed class AlertScheduler(
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IOptions<DeadlineOptions> options,
    ILogger<AlertScheduler> logger) : BackgroundService
{
    private static readonly string WarnedType = OutboxType(typeof(ClockWarned));
    private static readonly string OverdueType = OutboxType(typeof(ClockOverdue));

    /// <summary>Locks the watermark rows no other node is sweeping; the sweep raises only those levels.</summary>
    internal const string LockWatermarksSql = "SELECT level, through_at, through_id FROM deadline.alert_watermarks ORDER BY level FOR UPDATE SKIP LOCKED";

    /// <summary>
    /// The sweep of one level, one statement, run after its watermark row is locked (so its snapshot sees every change
    /// that read the watermark before): parameters <c>@after_at</c>/<c>@after_id</c> (the watermark), <c>@now</c>,
    /// <c>@batch</c>, <c>@type</c>. Returns the alerts inserted and the crossed thresholds read (a full batch means more).
    /// </summary>
    internal static string SweepSql(AlertLevel level)
    {
        var threshold = level == AlertLevel.Warning ? "warn_at" : "due_at";
        // The payload is the notification as the Kernel's outbox serializes it (System.Text.Json, web defaults).
        var payload = level == AlertLevel.Warning
            ? "jsonb_build_object('clockId', d.id, 'ownerKey', d.owner_key, 'warnAt', d.warn_at, 'dueAt', d.due_at)"
            : "jsonb_build_object('clockId', d.id, 'ownerKey', d.owner_key, 'dueAt', d.due_at)";
        return $"""
            WITH due AS MATERIALIZED (
                SELECT id, owner_key, warn_at, due_at, {threshold} AS threshold_at
                FROM deadline.clocks
                WHERE state = 'Running' AND ({threshold}, id) > (@after_at, @after_id) AND {threshold} <= @now
                ORDER BY {threshold}, id
                LIMIT @batch
            ), raised AS (
                INSERT INTO deadline.alerts (id, clock_id, level, threshold_at, raised_at)
                SELECT gen_random_uuid(), id, '{level}', threshold_at, @now FROM due
                ON CONFLICT (clock_id, level) DO NOTHING
                RETURNING clock_id
            ), queued AS (
                INSERT INTO deadline.outbox (type, payload, occurred_at, next_attempt_at)
                SELECT @type, {payload}, d.threshold_at, @now FROM due AS d JOIN raised AS r ON r.clock_id = d.id
            ), moved AS (
                -- A full batch moves the watermark to its last clock; otherwise every threshold up to now is done.
                -- Never backwards (a node whose clock is behind another's).
                UPDATE deadline.alert_watermarks AS w
                SET through_at = t.at, through_id = t.id
                FROM (
                    SELECT coalesce(l.threshold_at, @now) AS at, coalesce(l.id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid) AS id
                    FROM (SELECT 1) AS one
                    LEFT JOIN (SELECT threshold_at, id FROM due ORDER BY threshold_at DESC, id DESC LIMIT 1) AS l
                        ON (SELECT count(*) FROM due) >= @batch
                ) AS t
                WHERE w.level = '{level}' AND (t.at, t.id) > (w.through_at, w.through_id)
            )
            SELECT (SELECT count(*) FROM raised)::int, (SELECT count(*) FROM due)::int
            """;
    }

    /// <summary>
    /// Run by a transaction that started, resumed or recomputed clocks (<c>@ids</c>), after writing them: alerts each
    /// running one whose threshold now lies at or before its level's watermark, which no sweep will read again. The
    /// watermark rows are read <c>FOR SHARE</c>, so a sweep in progress is waited for (and its new watermark read) and
    /// no sweep starts before this transaction commits; the sweep after it sees the change. Exactly once comes from the
    /// unique (clock, level) alert.
    /// </summary>
    internal const string AlertBehindWatermarkSql = """
        WITH w AS (
            SELECT level, through_at, through_id FROM deadline.alert_watermarks FOR SHARE
        ), behind AS MATERIALIZED (
            SELECT c.id, c.owner_key, c.warn_at, c.due_at, w.level,
                   CASE w.level WHEN 'Warning' THEN c.warn_at ELSE c.due_at END AS threshold_at
            FROM deadline.clocks AS c
            CROSS JOIN w
            WHERE c.id = ANY (@ids) AND c.state = 'Running'
              AND (CASE w.level WHEN 'Warning' THEN c.warn_at ELSE c.due_at END, c.id) <= (w.through_at, w.through_id)
        ), raised AS (
            INSERT INTO deadline.alerts (id, clock_id, level, threshold_at, raised_at)
            SELECT gen_random_uuid(), id, level, threshold_at, @now FROM behind
            ON CONFLICT (clock_id, level) DO NOTHING
            RETURNING clock_id, level
        )
        INSERT INTO deadline.outbox (type, payload, occurred_at, next_attempt_at)
        SELECT CASE b.level WHEN 'Warning' THEN @warned_type ELSE @overdue_type END,
               CASE b.level
                   WHEN 'Warning' THEN jsonb_build_object('clockId', b.id, 'ownerKey', b.owner_key, 'warnAt', b.warn_at, 'dueAt', b.due_at)
                   ELSE jsonb_build_object('clockId', b.id, 'ownerKey', b.owner_key, 'dueAt', b.due_at)
               END,
               b.threshold_at, @now
        FROM behind AS b JOIN raised AS r ON r.clock_id = b.id AND r.level = b.level
        """;

    /// <summary>The earliest threshold of a running clock that is still ahead of <c>@now</c>; one probe of each index.</summary>
    internal const string NextThresholdSql = """
        SELECT least(
            (SELECT min(warn_at) FROM deadline.clocks WHERE state = 'Running' AND warn_at > @now),
            (SELECT min(due_at) FROM deadline.clocks WHERE state = 'Running' AND due_at > @now))
        """;

    /// <summary>Alerts the running clocks among <paramref name="clockIds"/> whose thresholds lie behind the watermark; call inside the changing transaction.</summary>
    internal static async Task<int> AlertBehindWatermarkAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Guid[] clockIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(AlertBehindWatermarkSql, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("ids", clockIds);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("warned_type", WarnedType);
        command.Parameters.AddWithValue("overdue_type", OverdueType);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

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
                if (sweep.Full)
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
    /// One transaction: lock the watermarks no other node holds, raise each locked level's crossed thresholds (one
    /// statement each, batched with the probe for the next threshold), commit. A crash before the commit loses nothing:
    /// the alerts, their outbox rows and the watermark move together.
    /// </summary>
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var watermarks = new List<(AlertLevel Level, DateTimeOffset At, Guid Id)>(2);
        await using (var lockRows = new NpgsqlCommand(LockWatermarksSql, connection, transaction))
        await using (var reader = await lockRows.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                // -infinity (no sweep yet) reads as DateTime.MinValue.
                var at = DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(1), DateTimeKind.Utc);
                watermarks.Add((Enum.Parse<AlertLevel>(reader.GetString(0)), new DateTimeOffset(at, TimeSpan.Zero), reader.GetGuid(2)));
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (level, at, id) in watermarks)
        {
            batch.BatchCommands.Add(Sweep(level, at, id));
        }

        var next = new NpgsqlBatchCommand(NextThresholdSql);
        next.Parameters.AddWithValue("now", now);
        batch.BatchCommands.Add(next);
        int warnings = 0, overdue = 0;
        var full = false;
        DateTimeOffset? nextAt;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            foreach (var (level, _, _) in watermarks)
            {
                await reader.ReadAsync(cancellationToken);
                var raised = reader.GetInt32(0);
                full |= reader.GetInt32(1) >= Settings.ClaimBatchSize;
                if (level == AlertLevel.Warning)
                {
                    warnings = raised;
                }
                else
                {
                    overdue = raised;
                }

                await reader.NextResultAsync(cancellationToken);
            }

            await reader.ReadAsync(cancellationToken);
            nextAt = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0);
        }

        await transaction.CommitAsync(cancellationToken);
        Interlocked.Add(ref _claimed, warnings + overdue);
        if (warnings + overdue > 0)
        {
            logger.LogInformation("Raised {Warnings} warnings and {Overdue} overdue alerts", warnings, overdue);
        }

        return new SweepResult(warnings, overdue, nextAt, full);

        NpgsqlBatchCommand Sweep(AlertLevel level, DateTimeOffset afterAt, Guid afterId)
        {
#pragma warning disable CA2100 // The SQL is built from constants chosen by the level, not from input.
            var command = new NpgsqlBatchCommand(SweepSql(level));
#pragma warning restore CA2100
            // DateTime.MinValue (UTC) is written as -infinity, the watermark before any sweep.
            command.Parameters.AddWithValue("after_at", afterAt.UtcDateTime);
            command.Parameters.AddWithValue("after_id", afterId);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("batch", Settings.ClaimBatchSize);
            command.Parameters.AddWithValue("type", level == AlertLevel.Warning ? WarnedType : OverdueType);
            return command;
        }
    }

    /// <summary>The type name the Kernel's outbox stores and resolves (<c>AddNotification</c>'s format).</summary>
    private static string OutboxType(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
