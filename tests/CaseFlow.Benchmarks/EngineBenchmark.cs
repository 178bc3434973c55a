using System.Globalization;
using System.Runtime.InteropServices;

namespace CaseFlow.Benchmarks;

/// <summary>
/// The `engine` verb: in one run, (a) pgbench -N on a throwaway cluster, (b) the durable runtime on the same cluster
/// with the same number of clients, (a) again to bracket it, then (c) the in-memory engine against bpmn-engine.
/// </summary>
public static class EngineBenchmark
{
    public const double DurableBar = 0.5;
    public const double InMemoryBar = 100;

    public static async Task<int> RunAsync(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bpmn = Workload.BpmnPath(options.Bpmn);
        var peerMissing = options.Peer ? PeerBenchmark.Missing() : null;
        if (peerMissing is not null)
        {
            await Console.Error.WriteLineAsync(peerMissing);
            return 2;
        }

        Line($"machine: {Environment.ProcessorCount} processors, {MemoryGiB():0.0} GiB memory, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Line($"process: {bpmn} with {options.Departments} co-departments ({Workload.TriggersPerInstance(options.Departments)} triggers per instance)");

        await using (var cluster = await BenchCluster.StartAsync(options.Profile))
        {
            Line($"cluster: {await cluster.ScalarTextAsync("postgres", "SELECT version()")}");
            Line($"cluster settings: fsync={await Setting(cluster, "fsync")}, synchronous_commit={await Setting(cluster, "synchronous_commit")}, "
                + $"full_page_writes={await Setting(cluster, "full_page_writes")}, shared_buffers={await Setting(cluster, "shared_buffers")}, "
                + $"data in {cluster.Server.DataDirectory}");

            Line($"pgbench -i -s {options.Scale} ...");
            await PgBench.InitializeAsync(cluster, options.Scale);
            var threads = Math.Min(options.Threads, options.Clients);
            Line($"pgbench -N -c {options.Clients} -j {threads} -T {options.Seconds} (before) ...");
            var before = await PgBench.RunSimpleUpdateAsync(cluster, options.Clients, threads, options.Seconds);
            Line($"  {before.Tps:0} tps");

            // The runtime's database is the one the server creates at start (PostgresServerOptions.Database).
            if (options.Profile)
            {
                await cluster.ScalarTextAsync(DurableBenchmark.Database, "CREATE EXTENSION pg_stat_statements");
            }

            Line($"WorkflowRuntime: {options.Instances} instances, {options.Clients} clients ...");
            var durable = await DurableBenchmark.RunAsync(cluster, bpmn, options);
            Line($"  {durable.Elapsed.TotalSeconds:0.00} s");
            var profile = options.Profile ? await TopStatementsAsync(cluster) : null;

            Line($"the -N transaction from .NET (Npgsql), {options.Clients} clients, {options.Seconds} s ...");
            var dotnetN = await NpgsqlSimpleUpdate.RunAsync(cluster, options.Clients, options.Scale, options.Seconds);
            Line($"  {dotnetN:0} tps");

            Line($"pgbench -N -c {options.Clients} -j {threads} -T {options.Seconds} (after) ...");
            var after = await PgBench.RunSimpleUpdateAsync(cluster, options.Clients, threads, options.Seconds);
            Line($"  {after.Tps:0} tps");

            var pgbench = (before.Tps + after.Tps) / 2;
            var ratio = durable.TriggersPerSecond / pgbench;
            Line();
            Line("== durable (same cluster, same clients) ==");
            Line($"pgbench -N TPS:                    {before.Tps:0} before, {after.Tps:0} after, mean {pgbench:0}");
            Line($"runtime trigger transactions/s:    {durable.TriggersPerSecond:0} ({durable.Triggers} committed triggers in {durable.Elapsed.TotalSeconds:0.00} s, {durable.InstancesPerSecond:0.0} instances/s)");
            Line($"-N from .NET (Npgsql) TPS:         {dotnetN:0} (ratio to pgbench {dotnetN / pgbench:0.00}: the client stack alone, no workflow)");
            Line($"runtime element entries/s:         {durable.EntriesPerSecond:0} ({durable.Entries} Entered history rows; {durable.HistoryRows} history rows in all)");
            Line($"ratio triggers/s : pgbench TPS =   {ratio:0.00}  (bar >= {DurableBar}: {(ratio >= DurableBar ? "met" : "NOT met")})");
            Line($"ratio entries/s : pgbench TPS =    {durable.EntriesPerSecond / pgbench:0.00}");
            Line($"ratio triggers/s : -N from .NET =  {durable.TriggersPerSecond / dotnetN:0.00}");
            var t = durable.Time;
            Line($"client time per call: start {Mean(t.Starts, t.StartCount):0.00} ms, complete {Mean(t.Completions, t.CompletionCount):0.00} ms, read {Mean(t.Reads, t.ReadCount):0.00} ms; "
                + $"share of client time in reads {t.Reads / (t.Starts + t.Completions + t.Reads):P0}");
            Line($"client process CPU: {durable.ClientCpu.TotalMilliseconds / durable.Triggers:0.000} ms per trigger "
                + $"({durable.ClientCpu.TotalSeconds / durable.Elapsed.TotalSeconds:0.00} of {Environment.ProcessorCount} cores during the run)");
            Line($"WAL per transaction: runtime {durable.WalBytes / (double)durable.Triggers:0} bytes per trigger, "
                + $"pgbench {(before.WalBytes + after.WalBytes) / (double)(before.Transactions + after.Transactions):0} bytes");
            if (durable.Waits is not null)
            {
                Line("what the runtime's sessions were doing (pg_stat_activity samples):");
                Line(durable.Waits);
            }

            if (options.Profile)
            {
                Line("the runtime's WAL by record type (pg_waldump, timed run only):");
                Line(await WalProfile.DescribeAsync(cluster, durable.StartLsn, durable.EndLsn));
            }

            if (profile is not null)
            {
                Line("database time by statement (pg_stat_statements, timed run only):");
                Line(profile);
            }
        }

        Line();
        Line("== in memory (one thread, instances one after another) ==");
        var ours = await InMemoryBenchmark.RunAsync(bpmn, options.MemoryInstances, options.Departments);
        Line($"{ours.Engine}: {ours.TriggersPerSecond:0} triggers/s, {ours.EntriesPerSecond:0} element entries/s ({ours.Instances} instances in {ours.Elapsed.TotalSeconds:0.000} s)");
        if (options.Peer)
        {
            var peer = await PeerBenchmark.RunAsync(bpmn, options.MemoryInstances, options.Departments);
            Line($"{peer.Engine}: {peer.TriggersPerSecond:0} triggers/s, {peer.EntriesPerSecond:0} element entries/s ({peer.Instances} instances in {peer.Elapsed.TotalSeconds:0.000} s)");
            var memoryRatio = ours.TriggersPerSecond / peer.TriggersPerSecond;
            Line($"ratio triggers/s (= instances/s) CaseFlow : bpmn-engine = {memoryRatio:0}  (bar >= {InMemoryBar}: {(memoryRatio >= InMemoryBar ? "met" : "NOT met")})");
            Line($"ratio element entries/s = {ours.EntriesPerSecond / peer.EntriesPerSecond:0} (each engine counts its own entries; see docs/BENCHMARKS.md)");
        }

        return 0;
    }

    private static async Task<string> Setting(BenchCluster cluster, string name) =>
        await cluster.ScalarTextAsync("postgres", $"SELECT current_setting('{name}')");

    private static async Task<string> TopStatementsAsync(BenchCluster cluster) =>
        await cluster.ScalarTextAsync(DurableBenchmark.Database, """
            SELECT string_agg(format('  %s calls, %s ms mean, %s s total: %s', calls, round(mean_exec_time::numeric, 3),
                                     round((total_exec_time / 1000)::numeric, 2), left(regexp_replace(query, '\s+', ' ', 'g'), 110)), E'\n'
                              ORDER BY total_exec_time DESC)
            FROM (SELECT * FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                  ORDER BY total_exec_time DESC LIMIT 12) s
            """);

    private static double Mean(TimeSpan total, int count) => count == 0 ? 0 : total.TotalMilliseconds / count;

    private static double MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);

    private static void Line(string text = "") => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
