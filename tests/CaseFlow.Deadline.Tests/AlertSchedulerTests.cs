using CaseFlow.Deadline.Alerts;
using CaseFlow.Deadline.Clocks;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Deadline.Tests;

public sealed class AlertSchedulerTests
{
    private static readonly DateTimeOffset Monday = Cst(2026, 3, 2, 9, 0);

    [Test]
    public async Task A_threshold_crossed_while_no_node_ran_alerts_at_the_next_start_once_per_level()
    {
        await using var database = await DeadlineDatabase.CreateAsync(Monday);
        var clock = (await database.Send(new StartClock("case:2026-0201:committed", 1))).Value;
        database.Time.SetUtcNow(Cst(2026, 3, 5, 9, 0));
        var scheduler = Scheduler(database);

        var first = await scheduler.SweepAsync(CancellationToken.None);
        var second = await scheduler.SweepAsync(CancellationToken.None);
        await database.DeliverAsync();

        (first.Warnings, first.Overdue).ShouldBe((1, 1));
        (second.Warnings, second.Overdue).ShouldBe((0, 0));
        var entries = await Ledger(database);
        entries.ShouldBe(
        [
            ($"alert:{clock.Id}:Overdue", "Overdue", "case", "2026-0201", clock.DueAt),
            ($"alert:{clock.Id}:Warning", "Warning", "case", "2026-0201", clock.WarnAt),
        ]);
    }

    [Test]
    public async Task A_paused_or_stopped_clock_raises_nothing_and_a_resumed_one_counts_from_its_new_due_moment()
    {
        await using var database = await DeadlineDatabase.CreateAsync(Monday);
        var paused = (await database.Send(new StartClock("case:2026-0202:committed", 1))).Value;
        var stopped = (await database.Send(new StartClock("case:2026-0203:committed", 1))).Value;
        await database.Send(new PauseClock(paused.Id, PauseReason.Supplement, "补正告知书 0202"));
        await database.Send(new StopClock(stopped.Id));
        database.Time.SetUtcNow(Cst(2026, 3, 5, 9, 0));
        var scheduler = Scheduler(database);

        var whilePaused = await scheduler.SweepAsync(CancellationToken.None);
        var resumed = (await database.Send(new ResumeClock(paused.Id))).Value;
        var afterResume = await scheduler.SweepAsync(CancellationToken.None);
        await database.DeliverAsync();

        (whilePaused.Warnings, whilePaused.Overdue).ShouldBe((0, 0));
        // The paused clock's next threshold is its own old one only while it runs: paused, it has none ahead.
        whilePaused.NextThresholdAt.ShouldBeNull();
        // Paused Monday, resumed Thursday: Tuesday to Thursday do not count, so the one day is Friday.
        resumed.DueAt.ShouldBe(Cst(2026, 3, 6, 17, 30));
        (afterResume.Warnings, afterResume.Overdue).ShouldBe((1, 0));
        afterResume.NextThresholdAt.ShouldBe(resumed.DueAt);
        (await Ledger(database)).Count.ShouldBe(1);
    }

    [Test]
    public async Task A_failed_delivery_is_retried_after_its_delay_and_the_ledger_keeps_one_entry()
    {
        var flaky = new FlakyHandler(failures: 1);
        await using var database = await DeadlineDatabase.CreateAsync(
            Monday,
            new Dictionary<string, string?> { ["CaseFlow:Deadline:Scheduler:RetryDelay"] = "00:00:30" },
            services => services.AddSingleton<INotificationHandler<ClockWarned>>(flaky));
        await database.Send(new StartClock("case:2026-0204:committed", 5));
        database.Time.SetUtcNow(Cst(2026, 3, 6, 18, 0));
        var scheduler = Scheduler(database);

        var raised = await scheduler.SweepAsync(CancellationToken.None);
        await database.DeliverAsync();
        var afterFailure = await Pending(database);
        await database.DeliverAsync();
        var tooEarly = flaky.Calls;
        database.Time.Advance(TimeSpan.FromSeconds(31));
        await database.DeliverAsync();

        raised.Warnings.ShouldBe(1);
        afterFailure.ShouldBe(1);
        tooEarly.ShouldBe(1);
        flaky.Calls.ShouldBe(2);
        (await Pending(database)).ShouldBe(0);
        (await database.Scalar<int>("SELECT attempts FROM deadline.outbox")).ShouldBe(2);
        // The ledger handler ran on both attempts; the second found its entry by the alert's source key.
        (await Ledger(database)).Count.ShouldBe(1);
    }

    [Test]
    public async Task An_alert_delivered_again_after_a_crash_finds_its_ledger_entry_instead_of_adding_one()
    {
        await using var database = await DeadlineDatabase.CreateAsync(Monday);
        await database.Send(new StartClock("task:6f1c0d7e-0000-4000-8000-000000000205", 1));
        database.Time.SetUtcNow(Cst(2026, 3, 5, 9, 0));
        var scheduler = Scheduler(database);
        await scheduler.SweepAsync(CancellationToken.None);
        await database.DeliverAsync();
        // A node that wrote the ledger entries but died before marking its outbox rows delivered.
        await database.Execute("UPDATE deadline.outbox SET dispatched_at = NULL");

        await database.DeliverAsync();

        (await Pending(database)).ShouldBe(0);
        (await database.Scalar<int>("SELECT min(attempts) FROM deadline.outbox")).ShouldBe(2);
        var entries = await Ledger(database);
        entries.Count.ShouldBe(2);
        entries.ShouldAllBe(e => e.SubjectType == "task" && e.SubjectId == "6f1c0d7e-0000-4000-8000-000000000205");
    }

    [Test]
    public async Task A_clock_locked_by_a_change_in_progress_is_skipped_without_waiting_and_alerted_by_the_next_sweep()
    {
        await using var database = await DeadlineDatabase.CreateAsync(Monday);
        var locked = (await database.Send(new StartClock("case:2026-0206:committed", 1))).Value;
        await database.Send(new StartClock("case:2026-0207:committed", 1));
        database.Time.SetUtcNow(Cst(2026, 3, 2, 18, 0));
        var scheduler = Scheduler(database);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var change = await connection.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT 1 FROM deadline.clocks WHERE id = @id FOR UPDATE", connection, change))
        {
            lockRow.Parameters.AddWithValue("id", locked.Id);
            await lockRow.ExecuteScalarAsync();
        }

        var whileLocked = await scheduler.SweepAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await change.RollbackAsync();
        var afterwards = await scheduler.SweepAsync(CancellationToken.None);

        whileLocked.Warnings.ShouldBe(1);
        afterwards.Warnings.ShouldBe(1);
        (await database.Scalar<long>("SELECT count(*) FROM deadline.alerts")).ShouldBe(2);
    }

    [Test]
    public async Task Deliveries_left_pending_in_the_old_alert_outbox_are_carried_into_the_kernel_outbox_by_migration_0004_and_reach_the_ledger()
    {
        await using var database = await DeadlineDatabase.CreateAsync(Monday);
        var clock = (await database.Send(new StartClock("case:2026-0208:committed", 1))).Value;
        // The tables as 0002 left them: a warning raised but not delivered yet, and an overdue alert delivered earlier.
        await database.Execute(
            """
            CREATE TABLE deadline.alert_outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                alert_id uuid NOT NULL UNIQUE REFERENCES deadline.alerts (id),
                next_attempt_at timestamptz NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                last_error text,
                delivered_at timestamptz);
            INSERT INTO deadline.alerts (id, clock_id, level, threshold_at, raised_at)
            VALUES ('00000000-0000-4000-8000-000000000001', @clock, 'Warning', @warn, @warn),
                   ('00000000-0000-4000-8000-000000000002', @clock, 'Overdue', @due, @due);
            INSERT INTO deadline.alert_outbox (alert_id, next_attempt_at, attempts, delivered_at)
            VALUES ('00000000-0000-4000-8000-000000000001', @warn, 1, NULL),
                   ('00000000-0000-4000-8000-000000000002', @due, 1, @due);
            """,
            ("clock", clock.Id),
            ("warn", clock.WarnAt),
            ("due", clock.DueAt));
        var migration = database.Services.GetServices<ModuleMigrations>().Single(m => m.Schema == "deadline").Scripts()
            .Single(s => s.Id == "0004_alerts_through_the_kernel_outbox").Sql;

        await database.Execute($"SET search_path TO deadline, public; {migration}; RESET search_path;");
        database.Time.SetUtcNow(Cst(2026, 3, 5, 9, 0));
        await database.DeliverAsync();

        (await database.Scalar<bool>("SELECT to_regclass('deadline.alert_outbox') IS NULL")).ShouldBeTrue();
        (await Pending(database)).ShouldBe(0);
        (await Ledger(database)).ShouldBe([($"alert:{clock.Id}:Warning", "Warning", "case", "2026-0208", clock.WarnAt)]);
    }

    private static Task<long> Pending(DeadlineDatabase database) => database.Scalar<long>("SELECT count(*) FROM deadline.outbox WHERE dispatched_at IS NULL");

    private static AlertScheduler Scheduler(DeadlineDatabase database) => ActivatorUtilities.CreateInstance<AlertScheduler>(database.Services);

    private static async Task<List<(string SourceKey, string Kind, string SubjectType, string SubjectId, DateTimeOffset OccurredAt)>> Ledger(DeadlineDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT source_key, kind, subject_type, subject_id, occurred_at FROM supervision.ledger_entries ORDER BY source_key");
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<(string, string, string, string, DateTimeOffset)>();
        while (await reader.ReadAsync())
        {
            entries.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return entries;
    }

    private static DateTimeOffset Cst(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, ClockSchedule.ChinaStandardTime).ToUniversalTime();

    private sealed class FlakyHandler(int failures) : INotificationHandler<ClockWarned>
    {
        private int _calls;

        public int Calls => _calls;

        public Task Handle(ClockWarned notification, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) <= failures ? throw new InvalidOperationException("The subscriber is down.") : Task.CompletedTask;
    }
}
