using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaseFlow.Deadline;
using CaseFlow.Deadline.Alerts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Validation;
using CaseFlow.Supervision;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseFlow.Benchmarks;

/// <summary>
/// The scheduler benchmark of issue 5: the Deadline module's alert scheduler with a million open clocks against
/// pg-boss 10.x (npm) in the same throwaway cluster. Drain rate (two schedulers at once, claims only and end to end
/// with ledger delivery) and due-to-alert latency (thresholds coming due at a steady rate while two schedulers run
/// as in production). See docs/BENCHMARKS.md, "Scheduler".
/// </summary>
public static class SchedulerBenchmark
{
    private const string Database = "caseflow_bench";
    private const string PeerDatabase = "pgboss_bench";

    public static async Task<int> RunAsync(SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Peer && PgBossPeer.Missing() is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return 1;
        }

        // track_commit_timestamp: the latency is read as the commit time of the alert's transaction, when the alert
        // became visible, not the moment the claim began.
        await using var cluster = await BenchCluster.StartAsync(profile: false, new Dictionary<string, string> { ["track_commit_timestamp"] = "on" });
        var connectionString = cluster.Server.ConnectionStringFor(Database);
        Console.WriteLine($"PostgreSQL {await cluster.ScalarTextAsync(Database, "SHOW server_version")} (fsync {await cluster.ScalarTextAsync(Database, "SHOW fsync")}, "
            + $"synchronous_commit {await cluster.ScalarTextAsync(Database, "SHOW synchronous_commit")}), {Environment.ProcessorCount} processors, .NET {Environment.Version}");

        await using (var setup = Services(connectionString, new Dictionary<string, string?>()))
        {
            await setup.GetRequiredService<SqlMigrator>().MigrateAsync();
            // Warm-up before any clock exists (JIT, the statements' first plans): a sweep that finds nothing.
            await Scheduler(setup).SweepAsync(CancellationToken.None);
        }

        var watch = Stopwatch.StartNew();
        await InsertOpenClocksAsync(connectionString, options.Open, options.Due);
        Console.WriteLine($"{options.Open:N0} open clocks inserted, {options.Due:N0} of them past their yellow threshold ({watch.Elapsed.TotalSeconds:F1} s)");

        var claims = await DrainAsync(connectionString, options, deliver: false);
        Console.WriteLine($"CaseFlow drain, claims only (ClaimBatchSize {options.ClaimBatch}): {options.Due:N0} alerts in {claims.TotalSeconds:F2} s = {options.Due / claims.TotalSeconds:N0} alerts/s");
        await ResetAlertsAsync(connectionString);
        var endToEnd = await DrainAsync(connectionString, options, deliver: true);
        Console.WriteLine($"CaseFlow drain, end to end (alert + outbox + ledger entry): {options.Due:N0} in {endToEnd.TotalSeconds:F2} s = {options.Due / endToEnd.TotalSeconds:N0} alerts/s");

        var latency = await LatencyAsync(connectionString, options);
        Console.WriteLine($"CaseFlow latency ({latency.Count:N0} thresholds at {options.LatencyRate}/s, poll at most 1 s, two schedulers): alert committed p50 {latency.Alert.P50:F3} s, "
            + $"p95 {latency.Alert.P95:F3} s, p99 {latency.Alert.P99:F3} s, max {latency.Alert.Max:F3} s; ledger delivered p50 {latency.Delivered.P50:F3} s, "
            + $"p95 {latency.Delivered.P95:F3} s, p99 {latency.Delivered.P99:F3} s");

        PgBossResult? peer = null;
        if (options.Peer)
        {
            await cluster.CreateDatabaseAsync(PeerDatabase);
            await Execute(connectionString, "CHECKPOINT");
            peer = await PgBossPeer.RunAsync(cluster.Server.ConnectionStringFor(PeerDatabase), options);
        }

        Report(options, claims, endToEnd, latency, peer);
        return 0;
    }

    private static ServiceProvider Services(string connectionString, Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<SqlMigrator>();
        services.AddPipelineBehavior(typeof(ValidationBehavior<,>));
        // The ledger is the Supervision module's: its AlertLedger records the alerts delivered from the Deadline outbox.
        services.AddDeadlineModule().AddSupervisionModule();
        // Alerts reach the ledger through the Kernel's outbox (the Host's defaults: claims of up to 1000, runs to the batch handlers, polling every 0.5 s).
        services.AddOutboxDispatcher();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static async Task InsertOpenClocksAsync(string connectionString, int open, int due)
    {
        // The layout of the Deadline tests' million-clock measurement: every (open / due)-th clock crossed its yellow
        // threshold a minute ago, the others warn from a day ahead on; none is overdue.
        await Execute(
            connectionString,
            """
            INSERT INTO deadline.clocks (id, owner_key, kind, calendar_code, limit_days, started_at, state, warn_at, due_at)
            SELECT gen_random_uuid(), 'case:M-' || i || ':committed', 'Committed', 'CN', 10, @now - interval '8 days', 'Running',
                   CASE WHEN i % @every = 0 THEN @now - interval '1 minute' - i * interval '1 millisecond'
                        ELSE @now + interval '1 day' + i * interval '1 second' END,
                   @now + interval '30 days'
            FROM generate_series(1, @open) AS i
            """,
            ("now", DateTimeOffset.UtcNow),
            ("every", open / due),
            ("open", open));
        await Execute(connectionString, "VACUUM ANALYZE deadline.clocks");
        await Execute(connectionString, "CHECKPOINT");
    }

    /// <summary>
    /// Two nodes at once, each sweeping back to back (no poll sleep) until every crossed threshold has its alert; with
    /// delivery each node also runs the Kernel's outbox dispatcher back to back beside its scheduler, until every alert
    /// has its ledger entry.
    /// </summary>
    private static async Task<TimeSpan> DrainAsync(string connectionString, SchedulerOptions options, bool deliver)
    {
        var due = options.Due;
        await using var services = Services(connectionString, new Dictionary<string, string?>
        {
            ["CaseFlow:Deadline:Scheduler:ClaimBatchSize"] = options.ClaimBatch.ToString(CultureInfo.InvariantCulture),
        });
        var schedulers = new[] { Scheduler(services), Scheduler(services) };
        var claimsDone = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(schedulers.SelectMany(s => new[]
        {
            Task.Run(async () =>
            {
                while ((await s.SweepAsync(CancellationToken.None)) is not { Warnings: 0 })
                {
                }

                Interlocked.Increment(ref claimsDone);
            }),
            Task.Run(async () =>
            {
                if (!deliver)
                {
                    return;
                }

                var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(services);
                var handled = 1;
                while (handled > 0 || Volatile.Read(ref claimsDone) < schedulers.Length)
                {
                    handled = await dispatcher.DispatchDueAsync();
                    if (handled == 0)
                    {
                        await Task.Delay(5);
                    }
                }
            }),
        }));
        watch.Stop();

        var claimed = schedulers.Sum(s => s.Claimed);
        var ledger = long.Parse(await Scalar(connectionString, "SELECT count(*) FROM supervision.ledger_entries"), CultureInfo.InvariantCulture);
        if (claimed != due || (deliver && ledger != due))
        {
            throw new InvalidOperationException($"expected {due} alerts: claimed {claimed}, ledger entries {ledger}");
        }

        return watch.Elapsed;
    }

    private static async Task ResetAlertsAsync(string connectionString)
    {
        await Execute(
            connectionString,
            """
            DELETE FROM deadline.outbox;
            DELETE FROM supervision.outbox;
            DELETE FROM deadline.alerts;
            DELETE FROM supervision.ledger_entries;
            UPDATE deadline.clocks SET warned_at = NULL WHERE warned_at IS NOT NULL;
            """);
        foreach (var table in new[] { "deadline.clocks", "deadline.alerts", "deadline.outbox", "supervision.outbox", "supervision.ledger_entries" })
        {
            await Execute(connectionString, "VACUUM ANALYZE " + table);
        }

        await Execute(connectionString, "CHECKPOINT");
    }

    private static async Task<LatencyResult> LatencyAsync(string connectionString, SchedulerOptions options)
    {
        var count = options.LatencyRate * options.LatencySeconds;
        // Thresholds from a few seconds ahead (the schedulers start first and settle), one every 1/rate s.
        var start = DateTimeOffset.UtcNow.AddSeconds(5);
        await Execute(
            connectionString,
            """
            INSERT INTO deadline.clocks (id, owner_key, kind, calendar_code, limit_days, started_at, state, warn_at, due_at)
            SELECT gen_random_uuid(), 'case:L-' || k || ':committed', 'Committed', 'CN', 10, @start - interval '8 days', 'Running',
                   @start + k * @step, @start + interval '30 days'
            FROM generate_series(0, @count - 1) AS k;
            ANALYZE deadline.clocks;
            """,
            ("start", start),
            ("step", TimeSpan.FromSeconds(1.0 / options.LatencyRate)),
            ("count", count));
        if (DateTimeOffset.UtcNow >= start)
        {
            throw new InvalidOperationException("inserting the latency clocks took longer than their lead time");
        }

        // Production settings: PollInterval 1 s, ClaimBatchSize 1000, the outbox dispatcher's defaults; two nodes, each
        // with a scheduler and a dispatcher.
        await using var services = Services(connectionString, new Dictionary<string, string?>());
        var schedulers = new[] { Scheduler(services), Scheduler(services) };
        var dispatchers = new[] { ActivatorUtilities.CreateInstance<OutboxDispatcher>(services), ActivatorUtilities.CreateInstance<OutboxDispatcher>(services) };
        await Task.WhenAll(schedulers.Select(s => s.StartAsync(CancellationToken.None)).Concat(dispatchers.Select(d => d.StartAsync(CancellationToken.None))));
        var deadline = start.AddSeconds(options.LatencySeconds + 120);
        const string Pending = """
            SELECT count(*) FROM deadline.clocks AS c
            LEFT JOIN supervision.ledger_entries AS l ON l.source_key = 'alert:' || c.id || ':Warning'
            WHERE c.owner_key LIKE 'case:L-%' AND l.source_key IS NULL
            """;
        await Task.Delay(start.AddSeconds(options.LatencySeconds) - DateTimeOffset.UtcNow);
        while (await Scalar(connectionString, Pending) != "0")
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException("the schedulers did not raise and deliver every latency alert within two minutes of the last threshold");
            }

            await Task.Delay(200);
        }

        await Task.WhenAll(schedulers.Select(s => s.StopAsync(CancellationToken.None)).Concat(dispatchers.Select(d => d.StopAsync(CancellationToken.None))));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            WITH l AS (
                SELECT extract(epoch FROM pg_xact_commit_timestamp(a.xmin) - a.threshold_at)::float8 AS alert,
                       extract(epoch FROM pg_xact_commit_timestamp(l.xmin) - a.threshold_at)::float8 AS delivered
                FROM deadline.alerts AS a
                JOIN supervision.ledger_entries AS l ON l.source_key = 'alert:' || a.clock_id || ':' || a.level
                JOIN deadline.clocks AS c ON c.id = a.clock_id
                WHERE c.owner_key LIKE 'case:L-%'
            )
            SELECT count(*),
                   percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY alert), max(alert), min(alert),
                   percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY delivered), max(delivered)
            FROM l
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var alert = reader.GetFieldValue<double[]>(1);
        var delivered = reader.GetFieldValue<double[]>(4);
        var result = new LatencyResult(
            reader.GetInt64(0),
            new Percentiles(alert[0], alert[1], alert[2], reader.GetDouble(2)),
            new Percentiles(delivered[0], delivered[1], delivered[2], reader.GetDouble(5)),
            reader.GetDouble(3));
        if (result.Count != count)
        {
            throw new InvalidOperationException($"expected {count} latency alerts, found {result.Count}");
        }

        return result;
    }

    private static void Report(SchedulerOptions options, TimeSpan claims, TimeSpan endToEnd, LatencyResult latency, PgBossResult? peer)
    {
        var claimRate = options.Due / claims.TotalSeconds;
        var endToEndRate = options.Due / endToEnd.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"Scheduler: {options.Open:N0} open, {options.Due:N0} due at once; latency: {latency.Count:N0} coming due at {options.LatencyRate}/s");
        Console.WriteLine(peer is null
            ? "(pg-boss skipped: --no-peer)"
            : $"pg-boss {peer.Version}: {peer.Instances} instances × {peer.Workers} work() loops, batchSize {peer.BatchSize}, "
              + $"pollingIntervalSeconds {peer.DrainPoll} (drain) / {peer.LatencyPoll} (latency)");
        Console.WriteLine($"{"",-44}{"CaseFlow",14}{"pg-boss",14}{"ratio",10}");
        Row("drain: claimed per s (alert / job fetched)", claimRate, peer is null ? null : peer.Due / peer.ClaimSeconds, "N0");
        Row("drain: end to end per s (ledger / completed)", endToEndRate, peer is null ? null : peer.Due / peer.CompleteSeconds, "N0");
        Row("latency p50, s", latency.Alert.P50, peer?.P50, "F3");
        Row("latency p95, s", latency.Alert.P95, peer?.P95, "F3");
        Row("latency p99, s", latency.Alert.P99, peer?.P99, "F3");
        Row("latency max, s", latency.Alert.Max, peer?.Max, "F3");
        Console.WriteLine($"CaseFlow latency to the ledger entry's commit: p50 {latency.Delivered.P50:F3} s, p95 {latency.Delivered.P95:F3} s, p99 {latency.Delivered.P99:F3} s");
        if (peer is not null)
        {
            var ratio = claimRate / (peer.Due / peer.ClaimSeconds);
            var ratioEnd = endToEndRate / (peer.Due / peer.CompleteSeconds);
            Console.WriteLine($"Bar: drain ≥ 10 × pg-boss: claims {ratio:F1} × ({(ratio >= 10 ? "met" : "not met")}), end to end {ratioEnd:F1} × ({(ratioEnd >= 10 ? "met" : "not met")})");
        }

        Console.WriteLine($"Bar: p95 due-to-alert < 1 s with {options.Open:N0} open clocks: {latency.Alert.P95:F3} s ({(latency.Alert.P95 < 1 ? "met" : "not met")})");

        static void Row(string name, double caseflow, double? pgboss, string format)
        {
            var ratio = pgboss is > 0 ? (caseflow / pgboss.Value).ToString("F2", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine($"{name,-44}{caseflow.ToString(format, CultureInfo.InvariantCulture),14}{pgboss?.ToString(format, CultureInfo.InvariantCulture) ?? "-",14}{ratio,10}");
        }
    }

    private static AlertScheduler Scheduler(IServiceProvider services) => ActivatorUtilities.CreateInstance<AlertScheduler>(services);

    private static async Task Execute(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // Fixed benchmark SQL.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // Fixed benchmark SQL.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private sealed record Percentiles(double P50, double P95, double P99, double Max);

    private sealed record LatencyResult(long Count, Percentiles Alert, Percentiles Delivered, double Min);
}

/// <summary>What peer/pg-boss-bench.mjs reports.</summary>
public sealed record PgBossResult(
    string Version, int Due, int Instances, int Workers, int BatchSize, double DrainPoll, double ClaimSeconds, double CompleteSeconds,
    int LatencyJobs, double LatencyPoll, double P50, double P95, double P99, double Max);

/// <summary>pg-boss 10.x (npm) in its own database of the benchmark's cluster, run by peer/pg-boss-bench.mjs under node.</summary>
public static class PgBossPeer
{
    public static string? Missing() =>
        !Directory.Exists(Path.Combine(PeerBenchmark.PeerDirectory, "node_modules", "pg-boss"))
            ? $"pg-boss is not installed: run `npm ci` in {PeerBenchmark.PeerDirectory} (build/bench.sh does), or pass --no-peer"
            : null;

    public static async Task<PgBossResult> RunAsync(string connectionString, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = PeerBenchmark.PeerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        info.Environment["PGHOST"] = connection.Host;
        info.Environment["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = connection.Username;
        info.Environment["PGPASSWORD"] = connection.Password;
        info.Environment["PGDATABASE"] = connection.Database;
        info.ArgumentList.Add("pg-boss-bench.mjs");
        info.ArgumentList.Add(JsonSerializer.Serialize(new Dictionary<string, double>
        {
            ["open"] = options.Open,
            ["due"] = options.Due,
            ["instances"] = 2,
            ["workers"] = options.PeerWorkers,
            ["batchSize"] = options.PeerBatch,
            ["drainPoll"] = options.PeerPollMilliseconds / 1000.0,
            ["latencyRate"] = options.LatencyRate,
            ["latencySeconds"] = options.LatencySeconds,
            ["latencyPoll"] = 1,
        }));

        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the pg-boss peer exited with {process.ExitCode}:\n{output}");
        }

        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        return new PgBossResult(
            root.GetProperty("version").GetString()!,
            root.GetProperty("due").GetInt32(),
            root.GetProperty("instances").GetInt32(),
            root.GetProperty("workers").GetInt32(),
            root.GetProperty("batchSize").GetInt32(),
            root.GetProperty("drainPoll").GetDouble(),
            root.GetProperty("claimSeconds").GetDouble(),
            root.GetProperty("completeSeconds").GetDouble(),
            root.GetProperty("latencyJobs").GetInt32(),
            root.GetProperty("latencyPoll").GetDouble(),
            root.GetProperty("p50").GetDouble(),
            root.GetProperty("p95").GetDouble(),
            root.GetProperty("p99").GetDouble(),
            root.GetProperty("max").GetDouble());
    }
}
