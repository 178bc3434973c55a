using System.Diagnostics;
using CaseFlow.Deadline.Alerts;
using CaseFlow.Kernel.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Deadline.Tests;

/// <summary>
/// A measurement, not a test: it asserts no timing and runs only by name, e.g.
/// <c>dotnet test tests/CaseFlow.Deadline.Tests --filter "FullyQualifiedName~ThroughputMeasurement" --logger "console;verbosity=detailed"</c>.
/// The benchmark of issue 5 (latency, a peer, docs/BENCHMARKS.md) is separate work.
/// </summary>
[Explicit("A measurement with a million clocks; run it by name.")]
public sealed class ThroughputMeasurement
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 2, 0, 0, TimeSpan.Zero);

    [TestCase(false, 1_000_000, 100_000, TestName = "Claims per second with a million open clocks, two schedulers, no delivery")]
    [TestCase(true, 1_000_000, 5_000, TestName = "Claims and ledger deliveries per second with a million open clocks, two schedulers and two outbox dispatchers")]
    public async Task Measure(bool deliver, int openClocks, int crossed)
    {
        await using var database = await DeadlineDatabase.CreateAsync(Now, new Dictionary<string, string?>
        {
            ["CaseFlow:Deadline:Scheduler:ClaimBatchSize"] = "1000",
        });
        await database.Execute(
            """
            INSERT INTO deadline.clocks (id, owner_key, kind, calendar_code, limit_days, started_at, state, warn_at, due_at)
            SELECT gen_random_uuid(), 'case:M-' || i || ':committed', 'Committed', 'CN', 10, @now - interval '8 days', 'Running',
                   CASE WHEN i % @every = 0 THEN @now - i * interval '1 millisecond' ELSE @now + i * interval '1 second' END,
                   @now + interval '30 days'
            FROM generate_series(1, @open) AS i;
            ANALYZE deadline.clocks;
            """,
            ("now", Now),
            ("every", openClocks / crossed),
            ("open", openClocks));
        var schedulers = new[] { Scheduler(database), Scheduler(database) };

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(schedulers.Select(s => Task.Run(async () =>
        {
            while ((await s.SweepAsync(CancellationToken.None)) is not { Warnings: 0 })
            {
            }

            // The Kernel's outbox dispatcher delivers the queued notifications to the ledger, as each node's does in the Host.
            var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(database.Services);
            while (deliver && await dispatcher.DispatchDueAsync() > 0)
            {
            }
        })));
        watch.Stop();

        var claimed = schedulers.Sum(s => s.Claimed);
        var delivered = await database.Scalar<long>("SELECT count(*) FROM supervision.ledger_entries");
        TestContext.Out.WriteLine(
            $"{openClocks:N0} open clocks, {crossed:N0} crossed: claimed {claimed:N0}, delivered {delivered:N0} in {watch.Elapsed.TotalSeconds:F1} s "
            + $"({claimed / watch.Elapsed.TotalSeconds:F0} claims/s, {delivered / watch.Elapsed.TotalSeconds:F0} deliveries/s)");
        claimed.ShouldBe(crossed);
    }

    private static AlertScheduler Scheduler(DeadlineDatabase database) => ActivatorUtilities.CreateInstance<AlertScheduler>(database.Services);
}
