using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseFlow.Benchmarks;

/// <summary>
/// What the runtime's WAL is made of, by record type (pg_waldump --stats=record over the timed run's LSN range): with
/// fsync on, every commit waits for its WAL to reach the disk, so WAL volume per trigger is a cost pgbench pays less of.
/// </summary>
public static partial class WalProfile
{
    public static async Task<string> DescribeAsync(BenchCluster cluster, string startLsn, string endLsn)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var info = new ProcessStartInfo(Path.Combine(Path.GetDirectoryName(cluster.PgBenchPath)!, "pg_waldump"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--stats=record", "-p", Path.Combine(cluster.Server.DataDirectory, "pg_wal"), "-s", startLsn, "-e", endLsn })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("pg_waldump did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            return "  pg_waldump failed: " + (await stderr).Trim();
        }

        // Lines: "Heap/INSERT   12 ( 1.00)   1234 ( 2.00)   0 ( 0.00)   1234 ( 2.00)": count, record, FPI, combined bytes.
        var rows = StatsLine().Matches(output)
            .Select(m => (Type: m.Groups[1].Value, Count: long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                Record: long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), Fpi: long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture),
                Combined: long.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture)))
            .Where(r => r.Type != "Total")
            .OrderByDescending(r => r.Combined)
            .ToList();
        var total = Math.Max(1, rows.Sum(r => r.Combined));
        return string.Join('\n', rows.Take(12).Select(r => string.Create(CultureInfo.InvariantCulture,
            $"  {100.0 * r.Combined / total,5:0.0} %  {r.Type,-28} {r.Count,8} records, {r.Record,10} bytes, {r.Fpi,10} bytes of full-page images")));
    }

    [GeneratedRegex(@"^(\S+)\s+(\d+)\s+\(\s*[\d.]+\)\s+(\d+)\s+\(\s*[\d.]+\)\s+(\d+)\s+\(\s*[\d.]+\)\s+(\d+)\s+\(\s*[\d.]+\)", RegexOptions.Multiline)]
    private static partial Regex StatsLine();
}
