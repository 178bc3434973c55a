using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace CaseFlow.Benchmarks;

/// <summary>One pgbench run: TPS, transactions and the WAL they wrote (all databases; only pgbench runs then).</summary>
public sealed record PgBenchResult(double Tps, long Transactions, long WalBytes);

/// <summary>Runs the machine's pgbench against the benchmark cluster and reads its TPS.</summary>
public static partial class PgBench
{
    public const string Database = "pgbench";

    public static async Task InitializeAsync(BenchCluster cluster, int scale)
    {
        await cluster.CreateDatabaseAsync(Database);
        await RunAsync(cluster, ["-i", "-q", "-s", scale.ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>
    /// pgbench -N ("simple update"): per transaction UPDATE pgbench_accounts, SELECT its balance, INSERT into
    /// pgbench_history, COMMIT; the TPC-B-like script without the hot branch and teller rows, so clients do not queue
    /// on a handful of rows. Returns TPS without the initial connection time.
    /// </summary>
    public static async Task<PgBenchResult> RunSimpleUpdateAsync(BenchCluster cluster, int clients, int threads, int seconds)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var walBefore = await WalPositionAsync(cluster);
        var output = await RunAsync(cluster,
        [
            "-N", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(threads, clients).ToString(CultureInfo.InvariantCulture),
            "-T", seconds.ToString(CultureInfo.InvariantCulture),
        ]);
        var wal = await WalPositionAsync(cluster) - walBefore;
        var tps = TpsLine().Match(output);
        var count = CountLine().Match(output);
        return tps.Success && count.Success
            ? new PgBenchResult(double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture), wal)
            : throw new InvalidOperationException("pgbench printed no tps line:\n" + output);
    }

    private static async Task<long> WalPositionAsync(BenchCluster cluster) =>
        long.Parse(await cluster.ScalarTextAsync("postgres", "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn"), CultureInfo.InvariantCulture);

    private static async Task<string> RunAsync(BenchCluster cluster, IReadOnlyList<string> arguments)
    {
        var connection = new NpgsqlConnectionStringBuilder(cluster.Server.ConnectionStringFor(Database));
        var info = new ProcessStartInfo(cluster.PgBenchPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var argument in new[] { "-h", connection.Host!, "-p", connection.Port.ToString(CultureInfo.InvariantCulture), "-U", connection.Username!, Database })
        {
            info.ArgumentList.Add(argument);
        }

        // The password goes through the environment, never the command line (ps shows that).
        info.Environment["PGPASSWORD"] = connection.Password;
        info.Environment["LC_MESSAGES"] = "C";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("pgbench did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"pgbench {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex CountLine();
}
