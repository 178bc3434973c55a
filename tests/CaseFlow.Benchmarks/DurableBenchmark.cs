using System.Diagnostics;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CaseFlow.Benchmarks;

/// <summary>Where the clients' time went, summed over all clients (so it can exceed the wall time).</summary>
public sealed record ClientTime(TimeSpan Starts, TimeSpan Completions, TimeSpan Reads, int StartCount, int CompletionCount, int ReadCount);

public sealed record DurableResult(int Instances, int Clients, TimeSpan Elapsed, long Triggers, long Entries, long HistoryRows, ClientTime Time, TimeSpan ClientCpu, string? Waits, long WalBytes, string StartLsn, string EndLsn)
{
    public double TriggersPerSecond => Triggers / Elapsed.TotalSeconds;

    public double EntriesPerSecond => Entries / Elapsed.TotalSeconds;

    public double InstancesPerSecond => Instances / Elapsed.TotalSeconds;
}

/// <summary>
/// N instances of the process end to end on WorkflowRuntime, C clients at once. A client does what a task list does:
/// start, read the instance to find its open tasks, complete them one by one (distribution, each co-department's
/// review, the lead decision with decision = "approve"), reading again when new tasks appear.
/// </summary>
public sealed class DurableBenchmark
{
    public const string Database = "caseflow_bench";

    private readonly WorkflowRuntime _runtime;
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _departments;
    private long _startTicks;
    private long _completeTicks;
    private long _readTicks;
    private int _starts;
    private int _completions;
    private int _reads;

    private DurableBenchmark(NpgsqlDataSource dataSource, int departments)
    {
        _dataSource = dataSource;
        _departments = departments;
        _runtime = new WorkflowRuntime(
            dataSource,
            new WorkflowEngine(),
            new CompletingPort(),
            TimeProvider.System,
            new WorkflowOptions(),
            NullLogger<WorkflowRuntime>.Instance);
    }

    public static async Task<DurableResult> RunAsync(BenchCluster cluster, string bpmnPath, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlConnectionStringBuilder(cluster.Server.ConnectionStringFor(Database))
        {
            // One connection per client, as pgbench has; a few more so a client never waits for the pool.
            MaxPoolSize = options.Clients + 4,
            // As the Host's data source (Composition): the runtime's hot statements are fixed SQL, prepared once per
            // connection after their second use.
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
        };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var migrator = new SqlMigrator(dataSource, [new ModuleMigrations("Workflow", "workflow", typeof(WorkflowRuntime).Assembly)], NullLogger<SqlMigrator>.Instance);
        await migrator.MigrateAsync();

        var benchmark = new DurableBenchmark(dataSource, options.Departments);
        var deployed = await benchmark._runtime.DeployAsync(await File.ReadAllTextAsync(bpmnPath));
        var key = deployed.Definition?.Key
            ?? throw new InvalidOperationException("the process does not deploy: " + string.Join("; ", deployed.Problems.Select(p => p.ToString())));

        // Warm-up: JIT, the connection pool and the runtime's definition cache; not counted.
        await benchmark.RunClientsAsync(key, Math.Min(options.Clients * 10, options.Instances), options.Clients);
        if (options.Profile)
        {
            await benchmark.ScalarAsync("SELECT pg_stat_statements_reset()::text");
        }

        var triggersBefore = await benchmark.ScalarAsync("SELECT coalesce(sum(version), 0) FROM workflow.instances");
        var walBefore = await benchmark.ScalarAsync("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn");
        var startLsn = await benchmark.TextAsync("SELECT pg_current_wal_insert_lsn()::text");
        var entriesBefore = await benchmark.ScalarAsync("SELECT count(*) FROM workflow.history WHERE kind = 'Entered'");
        var historyBefore = await benchmark.ScalarAsync("SELECT count(*) FROM workflow.history");
        benchmark.ResetTimes();

        // The benchmark process's CPU time (engine, JSON, Npgsql) shares the machine's cores with the server.
        var sampler = options.Profile ? new WaitSampler(cluster.Server.ConnectionStringFor("postgres"), Database) : null;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await benchmark.RunClientsAsync(key, options.Instances, options.Clients);
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var wal = await benchmark.ScalarAsync("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn") - walBefore;
        var endLsn = await benchmark.TextAsync("SELECT pg_current_wal_insert_lsn()::text");
        string? waits = null;
        if (sampler is not null)
        {
            waits = await sampler.StopAsync();
            await sampler.DisposeAsync();
        }

        // Counted from what the database holds: every applied trigger adds one to its instance's version (a start
        // sets 1), so the sum of versions is the number of committed trigger transactions.
        var triggers = await benchmark.ScalarAsync("SELECT coalesce(sum(version), 0) FROM workflow.instances") - triggersBefore;
        var entries = await benchmark.ScalarAsync("SELECT count(*) FROM workflow.history WHERE kind = 'Entered'") - entriesBefore;
        var history = await benchmark.ScalarAsync("SELECT count(*) FROM workflow.history") - historyBefore;
        var expected = (long)options.Instances * Workload.TriggersPerInstance(options.Departments);
        if (triggers != expected)
        {
            throw new InvalidOperationException($"the database holds {triggers} committed triggers, {expected} were expected");
        }

        return new DurableResult(options.Instances, options.Clients, clock.Elapsed, triggers, entries, history, benchmark.Times(), cpu, waits, wal, startLsn, endLsn);
    }

    private async Task RunClientsAsync(string key, int instances, int clients)
    {
        var next = -1;
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < instances)
            {
                await RunInstanceAsync(key);
            }
        }));
        await Task.WhenAll(workers);
    }

    private async Task RunInstanceAsync(string key)
    {
        var watch = Stopwatch.StartNew();
        var started = Check(await _runtime.StartAsync(key, Workload.StartVariables(_departments)));
        Interlocked.Add(ref _startTicks, watch.Elapsed.Ticks);
        Interlocked.Increment(ref _starts);
        var id = started.InstanceId;

        foreach (var task in await OpenTasksAsync(id, Workload.Distribute, 1))
        {
            await CompleteAsync(id, task, "lead-clerk", "distributed", null);
        }

        foreach (var task in await OpenTasksAsync(id, Workload.CoReview, _departments))
        {
            await CompleteAsync(id, task, "department-clerk", "agree", null);
        }

        var decision = (await OpenTasksAsync(id, Workload.LeadDecision, 1))[0];
        var last = await CompleteAsync(id, decision, "lead-director", "approve", Workload.Approve);
        if (last.Status != InstanceStatus.Completed)
        {
            throw new InvalidOperationException($"instance {id} is {last.Status} after the lead decision, not Completed");
        }
    }

    private async Task<TriggerOutcome> CompleteAsync(Guid id, string task, string actor, string outcome, IReadOnlyDictionary<string, object?>? variables)
    {
        var watch = Stopwatch.StartNew();
        var result = Check(await _runtime.CompleteTaskAsync(id, task, actor, outcome, variables));
        Interlocked.Add(ref _completeTicks, watch.Elapsed.Ticks);
        Interlocked.Increment(ref _completions);
        return result;
    }

    private async Task<IReadOnlyList<string>> OpenTasksAsync(Guid id, string elementId, int expected)
    {
        var watch = Stopwatch.StartNew();
        var instance = await _runtime.GetInstanceAsync(id) ?? throw new InvalidOperationException($"instance {id} is gone");
        Interlocked.Add(ref _readTicks, watch.Elapsed.Ticks);
        Interlocked.Increment(ref _reads);
        var tasks = instance.State.Tasks.Where(t => t.ElementId == elementId).Select(t => t.Id).ToList();
        return tasks.Count == expected
            ? tasks
            : throw new InvalidOperationException($"instance {id} has {tasks.Count} open {elementId} tasks, {expected} expected");
    }

    private static TriggerOutcome Check(TriggerOutcome outcome) =>
        outcome.Applied ? outcome : throw new InvalidOperationException($"a trigger was refused: {outcome.Error}");

    private void ResetTimes()
    {
        _startTicks = _completeTicks = _readTicks = 0;
        _starts = _completions = _reads = 0;
    }

    private ClientTime Times() => new(
        TimeSpan.FromTicks(_startTicks), TimeSpan.FromTicks(_completeTicks), TimeSpan.FromTicks(_readTicks), _starts, _completions, _reads);

    private async Task<string> TextAsync(string sql)
    {
#pragma warning disable CA2100 // Fixed benchmark SQL.
        await using var command = _dataSource.CreateCommand(sql);
#pragma warning restore CA2100
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> ScalarAsync(string sql)
    {
#pragma warning disable CA2100 // Fixed benchmark SQL.
        await using var command = _dataSource.CreateCommand(sql);
#pragma warning restore CA2100
        var value = await command.ExecuteScalarAsync();
        return value is string ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Service tasks complete at once with no result, as in `caseflow workflows simulate`.</summary>
public sealed class CompletingPort : IServiceTaskPort
{
    public ValueTask<IReadOnlyDictionary<string, object?>?> InvokeAsync(InvokeServiceTask task, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyDictionary<string, object?>?>(null);
}
