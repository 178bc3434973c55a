using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using CaseFlow.Deadline.Alerts;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseFlow.Deadline.Tests;

/// <summary>
/// Alerts reach the supervision ledger in runs: the Kernel's outbox dispatcher hands a claimed run of
/// <see cref="ClockWarned"/> rows to the handlers' batch forms in the transaction that marks the rows delivered.
/// </summary>
public sealed class BatchDeliveryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 2, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task A_batch_of_alerts_yields_one_ledger_entry_each_in_one_delivery_in_outbox_order()
    {
        await using var database = await DeadlineDatabase.CreateAsync(Now);
        await CrossedClocksAsync(database, 60);
        (await Scheduler(database).SweepAsync(CancellationToken.None)).Warnings.ShouldBe(60);

        var handled = await database.DeliverAsync();

        handled.ShouldBe(60);
        (await Pending(database)).ShouldBe(0);
        (await database.Scalar<long>("SELECT count(*) FROM supervision.ledger_entries")).ShouldBe(60);
        // One delivery: the entries and the outbox marks were written by one transaction.
        (await database.Scalar<long>(
            "SELECT count(DISTINCT x) FROM (SELECT xmin::text AS x FROM supervision.ledger_entries UNION ALL SELECT xmin::text FROM deadline.outbox) AS t"))
            .ShouldBe(1);
        (await database.Scalar<long>("SELECT count(*) FROM deadline.outbox WHERE attempts <> 1")).ShouldBe(0);
        // The live feed numbers the entries in the order the alerts were queued.
        var byFeed = await database.Scalar<string[]>("SELECT array_agg(source_key ORDER BY feed_seq) FROM supervision.ledger_entries");
        var byOutbox = await database.Scalar<string[]>(
            "SELECT array_agg('alert:' || (payload->>'clockId') || ':Warning' ORDER BY id) FROM deadline.outbox");
        byFeed.ShouldBe(byOutbox);
        var summaries = await database.Scalar<string[]>("SELECT array_agg(DISTINCT subject_type || ' ' || left(summary, 40)) FROM supervision.ledger_entries");
        summaries.ShouldAllBe(s => s.StartsWith("case Yellow alert (预警): the committed limit", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_poison_notification_in_a_batch_does_not_stop_the_others_and_is_retried_on_its_own()
    {
        await using var database = await DeadlineDatabase.CreateAsync(Now);
        await CrossedClocksAsync(database, 10);
        await Scheduler(database).SweepAsync(CancellationToken.None);
        // A message no handler can read (no owner key), queued between the alerts.
        await database.Execute(
            """
            INSERT INTO deadline.outbox (type, payload, occurred_at, next_attempt_at)
            VALUES (@type, jsonb_build_object('clockId', gen_random_uuid(), 'warnAt', @now, 'dueAt', @now), @now, @now)
            """,
            ("type", OutboxType<ClockWarned>()),
            ("now", Now));
        await CrossedClocksAsync(database, 10, from: 11);
        await Scheduler(database).SweepAsync(CancellationToken.None);

        await database.DeliverAsync();

        (await database.Scalar<long>("SELECT count(*) FROM supervision.ledger_entries")).ShouldBe(20);
        (await Pending(database)).ShouldBe(1);
        (await database.Scalar<int>("SELECT attempts FROM deadline.outbox WHERE dispatched_at IS NULL")).ShouldBe(1);
        (await database.Scalar<string>("SELECT last_error FROM deadline.outbox WHERE dispatched_at IS NULL")).ShouldNotBeNullOrEmpty();

        // Later alerts go in a run of their own while the poison message waits out its retry delay, and then fails alone.
        await CrossedClocksAsync(database, 5, from: 21);
        await Scheduler(database).SweepAsync(CancellationToken.None);
        database.Time.Advance(TimeSpan.FromSeconds(31));
        await database.DeliverAsync();

        (await database.Scalar<long>("SELECT count(*) FROM supervision.ledger_entries")).ShouldBe(25);
        (await Pending(database)).ShouldBe(1);
        (await database.Scalar<int>("SELECT attempts FROM deadline.outbox WHERE dispatched_at IS NULL")).ShouldBe(2);
        (await database.Scalar<long>("SELECT count(*) FROM deadline.outbox WHERE dispatched_at IS NOT NULL AND attempts <> 1")).ShouldBe(0);
    }

    [Test]
    public async Task Two_dispatchers_delivering_at_once_deliver_each_alert_exactly_once()
    {
        var seen = new SeenAlerts();
        await using var database = await DeadlineDatabase.CreateAsync(
            Now,
            configure: services => services.AddSingleton(seen).AddTransient<INotificationHandler<ClockWarned>, SeenAlertsHandler>());
        await CrossedClocksAsync(database, 2500);
        var scheduler = Scheduler(database);
        while ((await scheduler.SweepAsync(CancellationToken.None)).Warnings > 0)
        {
        }

        var dispatchers = new[] { Dispatcher(database), Dispatcher(database) };
        await Task.WhenAll(dispatchers.Select(d => Task.Run(async () =>
        {
            while (await d.DispatchDueAsync() > 0)
            {
            }
        })));

        seen.Runs.ShouldBeGreaterThan(1);
        seen.OneAtATime.ShouldBe(0);
        seen.ClockIds.Count.ShouldBe(2500);
        seen.ClockIds.Values.ShouldAllBe(times => times == 1);
        (await database.Scalar<long>("SELECT count(*) FROM supervision.ledger_entries")).ShouldBe(2500);
        (await database.Scalar<long>("SELECT count(*) FROM deadline.outbox WHERE dispatched_at IS NULL OR attempts <> 1")).ShouldBe(0);
    }

    [Test]
    public async Task A_delivery_that_dies_before_its_commit_is_delivered_again_and_leaves_one_ledger_entry_per_alert()
    {
        var crash = new CrashOnce();
        await using var database = await DeadlineDatabase.CreateAsync(
            Now,
            configure: services => services.AddSingleton(crash).AddTransient<INotificationHandler<ClockWarned>, CrashingHandler>());
        await CrossedClocksAsync(database, 30);
        await Scheduler(database).SweepAsync(CancellationToken.None);

        // The node's connection dies after the ledger entries were written, before the commit.
        await Should.ThrowAsync<NpgsqlException>(database.DeliverAsync());

        (await database.Scalar<long>("SELECT count(*) FROM supervision.ledger_entries")).ShouldBe(0);
        (await database.Scalar<long>("SELECT count(*) FROM deadline.outbox WHERE dispatched_at IS NULL AND attempts = 0")).ShouldBe(30);

        await database.DeliverAsync();
        // A node that committed the entries but whose marks were lost (delivered again in a run: dedupe by source key).
        await database.Execute("UPDATE deadline.outbox SET dispatched_at = NULL, attempts = 0");
        await database.DeliverAsync();

        (await Pending(database)).ShouldBe(0);
        (await database.Scalar<long>("SELECT count(*) FROM supervision.ledger_entries")).ShouldBe(30);
        (await database.Scalar<long>("SELECT count(DISTINCT source_key) FROM supervision.ledger_entries")).ShouldBe(30);
    }

    [Test]
    public async Task The_live_feed_is_told_of_every_entry_of_a_batch_in_feed_order_once_it_commits()
    {
        await using var database = await DeadlineDatabase.CreateAsync(Now);
        await using var listener = await database.DataSource.OpenConnectionAsync();
        var announced = new List<long>();
        listener.Notification += (_, e) => announced.Add(JsonDocument.Parse(e.Payload).RootElement.GetProperty("seq").GetInt64());
        await using (var listen = new NpgsqlCommand("LISTEN supervision_ledger", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await CrossedClocksAsync(database, 40);
        await Scheduler(database).SweepAsync(CancellationToken.None);
        await database.DeliverAsync();
        // A redelivered run records nothing and announces nothing.
        await database.Execute("UPDATE deadline.outbox SET dispatched_at = NULL, attempts = 0");
        await database.DeliverAsync();
        await using (var ping = new NpgsqlCommand("SELECT 1", listener))
        {
            // Notifications that arrived meanwhile are read before the query's answer.
            await ping.ExecuteScalarAsync();
        }

        var seqs = await database.Scalar<long[]>("SELECT array_agg(feed_seq ORDER BY feed_seq) FROM supervision.ledger_entries");
        seqs.Length.ShouldBe(40);
        announced.ShouldBe(seqs);
    }

    private static async Task CrossedClocksAsync(DeadlineDatabase database, int count, int from = 1) =>
        await database.Execute(
            """
            INSERT INTO deadline.clocks (id, owner_key, kind, calendar_code, limit_days, started_at, state, warn_at, due_at)
            SELECT gen_random_uuid(), 'case:B-' || i || ':committed', 'Committed', 'CN', 10, @now - interval '8 days', 'Running',
                   @now - interval '1 hour' + i * interval '1 second', @now + interval '30 days'
            FROM generate_series(@from, @to) AS i
            """,
            ("now", Now),
            ("from", from),
            ("to", from + count - 1));

    private static string OutboxType<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";

    private static Task<long> Pending(DeadlineDatabase database) => database.Scalar<long>("SELECT count(*) FROM deadline.outbox WHERE dispatched_at IS NULL");

    private static AlertScheduler Scheduler(DeadlineDatabase database) => ActivatorUtilities.CreateInstance<AlertScheduler>(database.Services);

    private static OutboxDispatcher Dispatcher(DeadlineDatabase database) => ActivatorUtilities.CreateInstance<OutboxDispatcher>(database.Services);

    private sealed class SeenAlerts
    {
        private int _runs;
        private int _oneAtATime;

        public ConcurrentDictionary<Guid, int> ClockIds { get; } = new();

        public int Runs => _runs;

        public int OneAtATime => _oneAtATime;

        public void Add(IEnumerable<ClockWarned> alerts, bool run)
        {
            Interlocked.Increment(ref run ? ref _runs : ref _oneAtATime);
            foreach (var alert in alerts)
            {
                ClockIds.AddOrUpdate(alert.ClockId, 1, (_, times) => times + 1);
            }
        }
    }

    /// <summary>Counts every alert handed to a handler, in runs or one at a time.</summary>
    private sealed class SeenAlertsHandler(SeenAlerts seen) : IBatchNotificationHandler<ClockWarned>
    {
        public Task Handle(ClockWarned notification, CancellationToken cancellationToken)
        {
            seen.Add([notification], run: false);
            return Task.CompletedTask;
        }

        public Task Handle(IReadOnlyList<ClockWarned> notifications, DbTransaction transaction, CancellationToken cancellationToken)
        {
            seen.Add(notifications, run: true);
            return Task.CompletedTask;
        }
    }

    private sealed class CrashOnce
    {
        private int _crashed;

        public bool First() => Interlocked.Exchange(ref _crashed, 1) == 0;
    }

    /// <summary>Registered after the modules' handlers, so it runs after the ledger's: its first run kills the delivery's connection.</summary>
    private sealed class CrashingHandler(CrashOnce crash) : IBatchNotificationHandler<ClockWarned>
    {
        public Task Handle(ClockWarned notification, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task Handle(IReadOnlyList<ClockWarned> notifications, DbTransaction transaction, CancellationToken cancellationToken)
        {
            if (crash.First())
            {
                await using var command = transaction.Connection!.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "SELECT pg_terminate_backend(pg_backend_pid())";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
