using System.Diagnostics;
using System.Text.Json;
using CaseFlow.Deadline.Alerts;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Deadline.Tests;

/// <summary>100,000 open clocks of which 1,000 have crossed their yellow threshold (issue 5, "Done when").</summary>
public sealed class ManyClocksTests
{
    private const int OpenClocks = 100_000;
    private const int Crossed = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 2, 0, 0, TimeSpan.Zero);

    private DeadlineDatabase _database = null!;

    [OneTimeSetUp]
    public async Task InsertClocks()
    {
        _database = await DeadlineDatabase.CreateAsync(
            Now,
            new Dictionary<string, string?>
            {
                ["CaseFlow:Deadline:Scheduler:ClaimBatchSize"] = "100",
                ["CaseFlow:Deadline:Scheduler:PollInterval"] = "00:00:00.050",
            });
        // Every hundredth clock crossed its yellow threshold a while ago; the rest warn within the next 28 hours.
        await _database.Execute(
            """
            INSERT INTO deadline.clocks (id, owner_key, kind, calendar_code, limit_days, started_at, state, warn_at, due_at)
            SELECT gen_random_uuid(), 'case:M-' || i || ':committed', 'Committed', 'CN', 10, @now - interval '8 days', 'Running',
                   CASE WHEN i % 100 = 0 THEN @now - i * interval '1 second' ELSE @now + i * interval '1 second' END,
                   @now + interval '30 days'
            FROM generate_series(1, 100000) AS i;
            -- Crossed both thresholds, but paused or stopped: no alert.
            INSERT INTO deadline.clocks (id, owner_key, kind, calendar_code, limit_days, started_at, state, stopped_at, warn_at, due_at)
            SELECT gen_random_uuid(), 'case:S-' || i || ':committed', 'Committed', 'CN', 10, @now - interval '20 days',
                   CASE WHEN i % 2 = 0 THEN 'Paused' ELSE 'Stopped' END,
                   CASE WHEN i % 2 = 0 THEN NULL ELSE @now - interval '1 hour' END,
                   @now - interval '2 days', @now - interval '1 day'
            FROM generate_series(1, 200) AS i;
            ANALYZE deadline.clocks;
            """,
            ("now", Now));
    }

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task Two_schedulers_running_at_once_raise_exactly_one_alert_per_crossed_clock_and_deliver_each_once()
    {
        var schedulers = new[] { Scheduler(), Scheduler() };
        // Two nodes: each runs a scheduler and the Kernel's outbox dispatcher, as the Host does.
        var dispatchers = new[] { Dispatcher(), Dispatcher() };

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(schedulers.Select(s => s.StartAsync(CancellationToken.None)).Concat(dispatchers.Select(d => d.StartAsync(CancellationToken.None))));
        while (await _database.Scalar<long>("SELECT count(*) FROM deadline.outbox WHERE dispatched_at IS NULL") > 0
            || await _database.Scalar<long>("SELECT count(*) FROM deadline.alerts") < Crossed)
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(2), "the schedulers did not drain the crossed thresholds");
            await Task.Delay(100);
        }

        await Task.Delay(300);
        await Task.WhenAll(schedulers.Select(s => s.StopAsync(CancellationToken.None)).Concat(dispatchers.Select(d => d.StopAsync(CancellationToken.None))));
        TestContext.Out.WriteLine($"{Crossed} alerts raised and delivered in {watch.Elapsed.TotalSeconds:F1} s; claimed {schedulers[0].Claimed} + {schedulers[1].Claimed}");

        (schedulers[0].Claimed + schedulers[1].Claimed).ShouldBe(Crossed);
        (await _database.Scalar<long>("SELECT count(*) FROM deadline.outbox WHERE type LIKE '%ClockWarned,%'")).ShouldBe(Crossed);
        (await _database.Scalar<long>("SELECT count(*) FROM deadline.alerts WHERE level = 'Warning'")).ShouldBe(Crossed);
        (await _database.Scalar<long>("SELECT count(*) FROM deadline.alerts WHERE level = 'Overdue'")).ShouldBe(0);
        (await _database.Scalar<long>(
            """
            SELECT count(*) FROM deadline.alerts AS a JOIN deadline.clocks AS c ON c.id = a.clock_id
            WHERE c.owner_key LIKE 'case:M-%' AND split_part(split_part(c.owner_key, ':', 2), '-', 2)::int % 100 = 0
            """)).ShouldBe(Crossed);
        (await _database.Scalar<long>("SELECT count(*) FROM supervision.ledger_entries WHERE kind = 'Warning'")).ShouldBe(Crossed);
        (await _database.Scalar<long>("SELECT count(DISTINCT source_key) FROM supervision.ledger_entries")).ShouldBe(Crossed);
        (await _database.Scalar<int>("SELECT max(attempts) FROM deadline.outbox")).ShouldBe(1);
    }

    [TestCase(AlertLevel.Warning, "clocks_warn_pending")]
    [TestCase(AlertLevel.Overdue, "clocks_due_pending")]
    public async Task The_claim_reads_its_partial_index_and_never_scans_the_open_clocks(AlertLevel level, string index)
    {
        var plan = await Explain(AlertScheduler.ClaimSql(level), ("now", Now), ("batch", 1000), ("type", "CaseFlow.Deadline.Contracts.ClockWarned, CaseFlow.Deadline.Contracts"));

        var nodes = Nodes(plan).ToList();

        nodes.Select(IndexName).ShouldContain(index, plan.ToString());
        nodes.ShouldNotContain(n => n.GetProperty("Node Type").GetString() == "Seq Scan", plan.ToString());
    }

    [Test]
    public async Task The_wake_up_reads_the_earliest_pending_threshold_from_both_partial_indexes_without_scanning_the_open_clocks()
    {
        var plan = await Explain(AlertScheduler.NextThresholdSql, ("now", Now));

        var nodes = Nodes(plan).ToList();

        nodes.Select(IndexName).ShouldContain("clocks_warn_pending", plan.ToString());
        nodes.Select(IndexName).ShouldContain("clocks_due_pending", plan.ToString());
        nodes.ShouldNotContain(n => n.GetProperty("Node Type").GetString() == "Seq Scan", plan.ToString());
        // min() becomes LIMIT 1 over each index: the first pending threshold ahead, not all of them.
        nodes.Count(n => n.GetProperty("Node Type").GetString() == "Limit").ShouldBe(2, plan.ToString());
    }

    private AlertScheduler Scheduler() => ActivatorUtilities.CreateInstance<AlertScheduler>(_database.Services);

    private OutboxDispatcher Dispatcher() => ActivatorUtilities.CreateInstance<OutboxDispatcher>(_database.Services);

    private async Task<JsonElement> Explain(string sql, params (string Name, object Value)[] parameters)
    {
#pragma warning disable CA2100 // The statements are the scheduler's own constants.
        await using var command = _database.DataSource.CreateCommand("EXPLAIN (FORMAT JSON) " + sql);
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var document = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!);
        return document.RootElement[0].GetProperty("Plan").Clone();
    }

    private static string? IndexName(JsonElement node) => node.TryGetProperty("Index Name", out var name) ? name.GetString() : null;

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var descendant in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return descendant;
            }
        }
    }
}
