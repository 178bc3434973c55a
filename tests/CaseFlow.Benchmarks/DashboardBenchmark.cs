using System.Diagnostics;
using System.Globalization;
using CaseFlow.Deadline;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Validation;
using CaseFlow.Supervision;
using CaseFlow.Supervision.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseFlow.Benchmarks;

/// <summary>
/// The dashboard benchmark: a million cases' worth of what the supervisor pages read (case facts, daily statistics
/// counters, ledger entries), then p50/p95/p99 of the mediator requests those pages send, each beside the p95 of a
/// primary-key SELECT on the same connection pool in the same run. The design's bar: p95 under 100 ms with a million
/// cases. See docs/BENCHMARKS.md, "Dashboards".
/// </summary>
public static class DashboardBenchmark
{
    private const string Database = "caseflow_bench";
    private const string Center = "demo-center";

    // The Supervision module's region code (SupervisionModule.DefaultRegion, internal).
    private const string Region = "000000";
    private const double BarMilliseconds = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cases = 1_000_000;
        var ledger = 300_000;
        var iterations = 300;
        var explain = false;
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new FormatException($"{args[i - 1]} needs a positive whole number");
            switch (args[i])
            {
                case "--cases": cases = Next(); break;
                case "--ledger": ledger = Next(); break;
                case "--iterations": iterations = Next(); break;
                case "--explain": explain = true; break;
                default:
                    await Console.Error.WriteLineAsync(Usage);
                    return 2;
            }
        }

        await using var cluster = await BenchCluster.StartAsync(profile: false);
        var connectionString = cluster.Server.ConnectionStringFor(Database);
        Console.WriteLine($"PostgreSQL {await cluster.ScalarTextAsync(Database, "SHOW server_version")}, {Environment.ProcessorCount} processors, .NET {Environment.Version}");

        await using var services = Services(connectionString);
        await services.GetRequiredService<SqlMigrator>().MigrateAsync();
        var watch = Stopwatch.StartNew();
        await LoadAsync(connectionString, cases, ledger);
        Console.WriteLine($"loaded {cases:N0} case facts, their daily counters and {ledger:N0} ledger entries in {watch.Elapsed.TotalSeconds:F1} s");

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var monthEnd = month.AddMonths(1).AddDays(-1);
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var pk = 0;
        var probes = new (string Name, Func<IServiceProvider, Task> Run)[]
        {
            ("PK SELECT (baseline)", async _ =>
            {
                await using var command = dataSource.CreateCommand("SELECT * FROM supervision.case_facts WHERE region_code = $1 AND case_number = $2");
                command.Parameters.Add(new NpgsqlParameter { Value = Region });
                command.Parameters.Add(new NpgsqlParameter { Value = "B" + ((pk++ * 7919 % cases) + 1).ToString(CultureInfo.InvariantCulture) });
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            }),
            ("CountOpenLedgerEntries (open counts by kind; LiveCounts, every 5 s)", s => s.GetRequiredService<ISender>().Send(new CountOpenLedgerEntries())),
            ("ListLedgerEntries(Open, 100) (dashboard, ledger page)", s => s.GetRequiredService<ISender>().Send(new ListLedgerEntries(LedgerEntryState.Open, 100))),
            ("ListLedgerEntries(Rectified, 100) (ledger page, rectified tab)", s => s.GetRequiredService<ISender>().Send(new ListLedgerEntries(LedgerEntryState.Rectified, 100))),
            ("ReadLedgerFeed(null, 10) (LiveCounts, newest alerts)", s => s.GetRequiredService<ISender>().Send(new ReadLedgerFeed(null, 10))),
            ("GetStatistics(month, Department) (statistics page, CSV; incl. overdue now)", s => s.GetRequiredService<ISender>().Send(new GetStatistics(Center, StatisticsDimension.Department, month, monthEnd))),
            ("GetStatistics(month, Window)", s => s.GetRequiredService<ISender>().Send(new GetStatistics(Center, StatisticsDimension.Window, month, monthEnd))),
            ("GetStatistics(month, Staff)", s => s.GetRequiredService<ISender>().Send(new GetStatistics(Center, StatisticsDimension.Staff, month, monthEnd))),
            ("GetStatistics(year, Department)", s => s.GetRequiredService<ISender>().Send(new GetStatistics(Center, StatisticsDimension.Department, today.AddDays(-364), today))),
            ("GetPublicStatistics(month) (public center totals)", s => s.GetRequiredService<ISender>().Send(new GetPublicStatistics(month, monthEnd))),
        };

        var results = new List<(string Name, double P50, double P95, double P99)>();
        foreach (var (name, run) in probes)
        {
            var times = new double[iterations];
            for (var i = -20; i < iterations; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await using (var scope = services.CreateAsyncScope())
                {
                    await run(scope.ServiceProvider);
                }

                if (i >= 0)
                {
                    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            }

            Array.Sort(times);
            double At(double q) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(q * times.Length) - 1)];
            results.Add((name, At(0.50), At(0.95), At(0.99)));
            Console.WriteLine($"  {name}: p50 {At(0.50):F2} ms, p95 {At(0.95):F2} ms, p99 {At(0.99):F2} ms");
        }

        var baseline = results[0].P95;
        Console.WriteLine();
        Console.WriteLine($"Dashboards, {cases:N0} cases, {ledger:N0} ledger entries, {iterations} iterations each, one client, sequential; bar: p95 < {BarMilliseconds} ms");
        Console.WriteLine("| request | p50 ms | p95 ms | p99 ms | p95 ÷ PK p95 | bar |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, p50, p95, p99) in results)
        {
            Console.WriteLine($"| {name} | {p50:F2} | {p95:F2} | {p99:F2} | {p95 / baseline:F1} | {(p95 < BarMilliseconds ? "met" : "NOT met")} |");
        }

        if (explain || results.Any(r => r.P95 >= BarMilliseconds))
        {
            Console.WriteLine();
            await ExplainAsync(connectionString, month, monthEnd);
        }

        return 0;
    }

    public const string Usage = """
        dashboards options:
          --cases N        case facts (default 1000000)
          --ledger L       ledger entries (default 300000; 90 % rectified, 4 % acknowledged, 6 % open)
          --iterations I   timed iterations per request, after 20 untimed (default 300)
          --explain        EXPLAIN (ANALYZE, BUFFERS) the heaviest statements even when every request meets the bar
        """;

    private static ServiceProvider Services(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CaseFlow:Supervision:CenterCode"] = Center,
        }).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<SqlMigrator>();
        services.AddPipelineBehavior(typeof(ValidationBehavior<,>));
        services.AddDeadlineModule().AddSupervisionModule();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>
    /// Set-based: a year of accepted cases over 14 departments, 20 windows and 60 staff; 85 % completed (90 % of those on
    /// time), 3 % open and overdue; the daily counters are the sums the event handlers would have kept for those facts.
    /// </summary>
    private static async Task LoadAsync(string connectionString, int cases, int ledger)
    {
        await Execute(
            connectionString,
            """
            INSERT INTO supervision.case_facts (region_code, case_number, center_code, department_code, window_code, staff_id, staff_name,
                                                accepted_at, committed_days, completed_at, completed_on, on_time, used_days, overdue_at)
            SELECT @region, 'B' || i, @center, 'D' || lpad((i % 14)::text, 2, '0'), 'W' || lpad((i % 20)::text, 2, '0'), 'S' || lpad((i % 60)::text, 2, '0'),
                   'Staff ' || (i % 60), a, 10,
                   CASE WHEN i % 100 < 85 THEN a + (i % 15) * interval '1 day' END,
                   CASE WHEN i % 100 < 85 THEN ((a + (i % 15) * interval '1 day') AT TIME ZONE 'Asia/Shanghai')::date END,
                   CASE WHEN i % 100 < 85 THEN i % 10 <> 0 END,
                   CASE WHEN i % 100 < 85 THEN i % 15 END,
                   CASE WHEN i % 100 >= 97 THEN a + interval '14 days' END
            FROM (SELECT i, now() - (i % 365) * interval '1 day' - (i % 480) * interval '1 minute' AS a FROM generate_series(1, @cases) AS i) s
            """,
            ("region", Region), ("center", Center), ("cases", cases));
        foreach (var (dimension, column) in new[] { ("center", "center_code"), ("department", "department_code"), ("window", "window_code"), ("staff", "staff_id") })
        {
#pragma warning disable CA2100 // Fixed benchmark SQL.
            await Execute(
                connectionString,
                $"""
                INSERT INTO supervision.daily_statistics (region_code, center_code, dimension, dimension_code, day, accepted, completed, completed_on_time,
                                                          used_days, committed_days, warnings, overdues, complaints, satisfied, dissatisfied)
                SELECT region_code, center_code, '{dimension}', code, day, sum(accepted), sum(completed), sum(on_time), sum(used), sum(committed),
                       sum(accepted) / 10, sum(accepted) / 30, sum(accepted) / 100, sum(completed) * 9 / 10, sum(completed) / 50
                FROM (
                    SELECT region_code, center_code, {column} AS code, (accepted_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                           1 AS accepted, 0 AS completed, 0 AS on_time, 0 AS used, 0 AS committed
                    FROM supervision.case_facts
                    UNION ALL
                    SELECT region_code, center_code, {column}, completed_on, 0, 1, on_time::int, used_days, committed_days
                    FROM supervision.case_facts WHERE completed_on IS NOT NULL
                ) e
                GROUP BY region_code, center_code, code, day
                """);
#pragma warning restore CA2100
        }

        await Execute(
            connectionString,
            """
            INSERT INTO supervision.ledger_entries (id, region_code, kind, source_key, subject_type, subject_id, actor, summary, occurred_at, state,
                                                    acknowledged_at, acknowledged_by, rectified_at, rectified_by, rectification_note)
            SELECT gen_random_uuid(), @region,
                   (ARRAY['Warning', 'Warning', 'Warning', 'Overdue', 'Overdue', 'SecondNoticeOverride', 'RefusalOverride', 'UnacknowledgedTransfer', 'DeemedAcceptance'])[1 + i % 9],
                   'bench:' || i, 'Case', 'B' || (i * 3), 'clerk', 'benchmark entry ' || i, now() - (@ledger - i) * interval '1 minute',
                   CASE WHEN i % 100 < 90 THEN 'Rectified' WHEN i % 100 < 94 THEN 'Acknowledged' ELSE 'Open' END,
                   CASE WHEN i % 100 < 94 THEN now() END, CASE WHEN i % 100 < 94 THEN 'supervisor' END,
                   CASE WHEN i % 100 < 90 THEN now() END, CASE WHEN i % 100 < 90 THEN 'supervisor' END, CASE WHEN i % 100 < 90 THEN 'fixed' END
            FROM generate_series(1, @ledger) AS i
            """,
            ("region", Region), ("ledger", ledger));
        await Execute(connectionString, "VACUUM ANALYZE");
        await Execute(connectionString, "CHECKPOINT");
    }

    private static async Task ExplainAsync(string connectionString, DateOnly from, DateOnly to)
    {
        foreach (var sql in new[]
        {
            "SELECT kind, count(*) FROM supervision.ledger_entries WHERE region_code = '000000' AND state = 'Open' GROUP BY kind",
            "SELECT * FROM supervision.ledger_entries WHERE region_code = '000000' AND state = 'Rectified' ORDER BY occurred_at DESC, id LIMIT 100",
            $"SELECT dimension_code, sum(accepted) FROM supervision.daily_statistics WHERE region_code = '000000' AND center_code = '{Center}' AND dimension = 'department' AND day BETWEEN '{from.AddDays(-334):yyyy-MM-dd}' AND '{to:yyyy-MM-dd}' GROUP BY dimension_code",
            $"SELECT dimension_code, sum(accepted) FROM supervision.daily_statistics WHERE region_code = '000000' AND center_code = '{Center}' AND dimension = 'staff' AND day BETWEEN '{from:yyyy-MM-dd}' AND '{to:yyyy-MM-dd}' GROUP BY dimension_code",
            $"SELECT staff_id, count(*) FROM supervision.case_facts WHERE region_code = '000000' AND center_code = '{Center}' AND overdue_at IS NOT NULL AND completed_at IS NULL AND staff_id IS NOT NULL GROUP BY staff_id",
        })
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
#pragma warning disable CA2100 // Fixed benchmark SQL.
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection);
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync();
            Console.WriteLine(sql);
            while (await reader.ReadAsync())
            {
                Console.WriteLine("  " + reader.GetString(0));
            }
        }
    }

    private static async Task Execute(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // Fixed benchmark SQL.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1200 };
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
