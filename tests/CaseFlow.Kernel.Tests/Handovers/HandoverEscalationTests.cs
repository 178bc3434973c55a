using System.Reflection;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Handovers;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CaseFlow.Kernel.Tests.Handovers;

/// <summary>
/// The Kernel's transfer-with-acknowledgement rules and escalation sweep (rule 1), on a module-shaped table of its own
/// against real PostgreSQL: each due, unacknowledged transfer is escalated exactly once, with its notification in the
/// outbox of the same transaction.
/// </summary>
public sealed class HandoverEscalationTests
{
    private static readonly Actor Clerk = new("clerk", "Clerk", new HashSet<string>(), "C1", null, "W01");
    private static readonly Actor Receiver = new("clerk2", "Second clerk", new HashSet<string>(), "C1", null, "W02");
    private static readonly Actor OtherReceiver = new("clerk3", "Third clerk", new HashSet<string>(), "C1", null, "W02");

    private string _connectionString = null!;
    private NpgsqlDataSource _dataSource = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public async Task Start()
    {
        _connectionString = await TestCluster.CreateDatabaseAsync("handovers");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        _clock = new FakeTimeProvider();
        await new SqlMigrator(_dataSource, [new ModuleMigrations("Parcels", "parcels", new NoScripts())], NullLogger<SqlMigrator>.Instance).MigrateAsync();
        await using var create = _dataSource.CreateCommand(
            """
            CREATE TABLE parcels.parcel_transfers (
                id uuid PRIMARY KEY,
                from_id text NOT NULL,
                to_code text NOT NULL,
                reason text NOT NULL,
                requested_at timestamptz NOT NULL,
                acknowledge_due_at timestamptz NOT NULL,
                acknowledged_by text,
                acknowledged_by_name text,
                acknowledged_at timestamptz,
                escalated_at timestamptz);
            CREATE INDEX parcel_transfers_pending ON parcels.parcel_transfers (acknowledge_due_at)
                WHERE acknowledged_at IS NULL AND escalated_at IS NULL;
            """);
        await create.ExecuteNonQueryAsync();
    }

    [TearDown]
    public async Task Stop()
    {
        await _dataSource.DisposeAsync();
        await TestCluster.DropDatabaseAsync(_connectionString);
    }

    [Test]
    public async Task Two_concurrent_sweeps_escalate_a_due_transfer_exactly_once()
    {
        var transfer = await TransferAsync(dueIn: TimeSpan.FromHours(4));
        _clock.Advance(TimeSpan.FromHours(5));
        var claimed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var first = Context();
        await using var second = Context();

        // The first sweep holds its claim open while the second sweeps: the second must skip the locked row.
        var firstSweep = Task.Run(() => new ParcelEscalation(first, _clock, async () =>
        {
            claimed.SetResult();
            await release.Task;
        }).SweepOnceAsync(CancellationToken.None));
        await claimed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // A claim that waited for the lock instead of skipping it would never return: the guard turns that hang into a failure.
        var bySecond = await new ParcelEscalation(second, _clock).SweepOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();
        var byFirst = await firstSweep;
        await using var third = Context();
        var afterwards = await new ParcelEscalation(third, _clock).SweepOnceAsync(CancellationToken.None);

        bySecond.ShouldBe(0);
        byFirst.ShouldBe(1);
        afterwards.ShouldBe(0);
        (await EscalatedNotificationsAsync()).ShouldBe([transfer]);
        (await ReadAsync(transfer)).EscalatedAt.ShouldBe(_clock.GetUtcNow());
    }

    [Test]
    public async Task Many_due_transfers_swept_by_three_nodes_at_once_are_each_escalated_exactly_once()
    {
        var transfers = new List<Guid>();
        for (var i = 0; i < 250; i++)
        {
            transfers.Add(await TransferAsync(dueIn: TimeSpan.FromMinutes(i % 7)));
        }

        _clock.Advance(TimeSpan.FromHours(1));

        var counts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            await using var db = Context();
            var job = new ParcelEscalation(db, _clock);
            var total = 0;
            int swept;
            // Bounded: a sweep that claimed escalated transfers again would otherwise never run dry.
            for (var round = 0; round < 10 && (swept = await job.SweepOnceAsync(CancellationToken.None)) > 0; round++)
            {
                total += swept;
            }

            return total;
        })));

        counts.Sum().ShouldBe(250);
        (await EscalatedNotificationsAsync()).Order().ShouldBe(transfers.Order());
    }

    [Test]
    public async Task An_acknowledged_transfer_is_never_escalated_and_one_not_yet_due_waits()
    {
        var acknowledged = await TransferAsync(dueIn: TimeSpan.FromHours(4));
        var notDue = await TransferAsync(dueIn: TimeSpan.FromHours(8));
        await using (var db = Context())
        {
            var transfer = await db.Transfers.SingleAsync(t => t.Id == acknowledged);
            transfer.Acknowledge(Receiver, _clock.GetUtcNow()).ShouldBe(HandoverAcknowledgement.Acknowledged);
            await db.SaveChangesAsync();
        }

        _clock.Advance(TimeSpan.FromHours(5));
        await using var sweeper = Context();
        var swept = await new ParcelEscalation(sweeper, _clock).SweepOnceAsync(CancellationToken.None);

        swept.ShouldBe(0);
        (await EscalatedNotificationsAsync()).ShouldBeEmpty();
        (await ReadAsync(acknowledged)).EscalatedAt.ShouldBeNull();
        (await ReadAsync(notDue)).EscalatedAt.ShouldBeNull();
    }

    [Test]
    public async Task A_transfer_being_acknowledged_while_the_sweep_runs_is_not_escalated()
    {
        var id = await TransferAsync(dueIn: TimeSpan.FromHours(4));
        _clock.Advance(TimeSpan.FromHours(5));
        await using var acknowledging = Context();
        await using var transaction = await acknowledging.Database.BeginTransactionAsync();
        var transfer = await acknowledging.Transfers.FromSql($"SELECT * FROM parcels.parcel_transfers WHERE id = {id} FOR UPDATE").SingleAsync();
        transfer.Acknowledge(Receiver, _clock.GetUtcNow());
        await acknowledging.SaveChangesAsync();

        await using var sweeper = Context();
        var whileAcknowledging = await new ParcelEscalation(sweeper, _clock).SweepOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await transaction.CommitAsync();
        var afterwards = await new ParcelEscalation(sweeper, _clock).SweepOnceAsync(CancellationToken.None);

        whileAcknowledging.ShouldBe(0);
        afterwards.ShouldBe(0);
        (await EscalatedNotificationsAsync()).ShouldBeEmpty();
    }

    [Test]
    public async Task A_crash_before_the_commit_leaves_the_transfer_for_the_next_sweep()
    {
        var transfer = await TransferAsync(dueIn: TimeSpan.FromHours(4));
        _clock.Advance(TimeSpan.FromHours(5));

        await using (var crashing = Context())
        {
            await Should.ThrowAsync<InvalidOperationException>(() =>
                new ParcelEscalation(crashing, _clock, () => throw new InvalidOperationException("the node died")).SweepOnceAsync(CancellationToken.None));
        }

        var afterCrash = await ReadAsync(transfer);
        var notificationsAfterCrash = await EscalatedNotificationsAsync();
        await using var next = Context();
        var swept = await new ParcelEscalation(next, _clock).SweepOnceAsync(CancellationToken.None);

        afterCrash.EscalatedAt.ShouldBeNull();
        notificationsAfterCrash.ShouldBeEmpty();
        swept.ShouldBe(1);
        (await EscalatedNotificationsAsync()).ShouldBe([transfer]);
    }

    [Test]
    public async Task Only_the_receiver_acknowledges_and_only_once()
    {
        var id = await TransferAsync(dueIn: TimeSpan.FromHours(4));
        await using var db = Context();
        var transfer = await db.Transfers.SingleAsync(t => t.Id == id);
        var now = _clock.GetUtcNow();

        var bySender = transfer.Acknowledge(Clerk with { WindowCode = "W02" }, now);
        var byOutsider = transfer.Acknowledge(Clerk, now);
        var byReceiver = transfer.Acknowledge(Receiver, now);
        var again = transfer.Acknowledge(Receiver, now.AddMinutes(1));
        var byColleague = transfer.Acknowledge(OtherReceiver, now.AddMinutes(2));

        bySender.ShouldBe(HandoverAcknowledgement.NotTheReceiver);
        byOutsider.ShouldBe(HandoverAcknowledgement.NotTheReceiver);
        byReceiver.ShouldBe(HandoverAcknowledgement.Acknowledged);
        again.ShouldBe(HandoverAcknowledgement.AlreadyAcknowledgedByActor);
        byColleague.ShouldBe(HandoverAcknowledgement.AlreadyAcknowledged);
        transfer.AcknowledgedBy.ShouldBe(Receiver.Id);
        transfer.AcknowledgedByName.ShouldBe(Receiver.Name);
        transfer.AcknowledgedAt.ShouldBe(now);
    }

    private ParcelContext Context() =>
        new(new DbContextOptionsBuilder<ParcelContext>().UseNpgsql(_dataSource).Options);

    private async Task<Guid> TransferAsync(TimeSpan dueIn)
    {
        await using var db = Context();
        var now = _clock.GetUtcNow();
        var transfer = new ParcelTransfer { Id = Guid.NewGuid(), FromId = Clerk.Id, ToCode = "W02", Reason = "W02 handles parcels.", RequestedAt = now, AcknowledgeDueAt = now + dueIn };
        db.Transfers.Add(transfer);
        await db.SaveChangesAsync();
        return transfer.Id;
    }

    private async Task<ParcelTransfer> ReadAsync(Guid id)
    {
        await using var db = Context();
        return await db.Transfers.AsNoTracking().SingleAsync(t => t.Id == id);
    }

    /// <summary>The transfers named by the escalation notifications committed to the outbox, one per notification.</summary>
    private async Task<List<Guid>> EscalatedNotificationsAsync()
    {
        await using var db = Context();
        var payloads = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Type.StartsWith(typeof(ParcelTransferEscalated).FullName!)).Select(m => m.Payload).ToListAsync();
        return [.. payloads.Select(p => System.Text.Json.JsonSerializer.Deserialize<ParcelTransferEscalated>(p, System.Text.Json.JsonSerializerOptions.Web)!.TransferId)];
    }

    private sealed class NoScripts : Assembly
    {
        public override string[] GetManifestResourceNames() => [];
    }
}

public sealed record ParcelTransferEscalated(Guid TransferId) : INotification;

internal sealed class ParcelTransfer : Handover
{
    public required string FromId { get; init; }

    protected override string HandedOverBy => FromId;

    protected override bool IsAddressedTo(Actor actor) => actor.WindowCode == ToCode;
}

internal sealed class ParcelEscalation(ParcelContext db, TimeProvider clock, Func<Task>? whileClaimed = null)
    : HandoverEscalationJob<ParcelTransfer>(db, clock, NullLogger.Instance)
{
    public override string Name => "parcels.transfer-escalation";

    public override string Cron => "0/30 * * * * ?";

    protected override async Task<IReadOnlyList<INotification>> EscalatedAsync(IReadOnlyList<ParcelTransfer> due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (whileClaimed is not null)
        {
            await whileClaimed();
        }

        return [.. due.Select(t => new ParcelTransferEscalated(t.Id))];
    }
}

internal sealed class ParcelContext(DbContextOptions<ParcelContext> options) : DbContext(options)
{
    public DbSet<ParcelTransfer> Transfers => Set<ParcelTransfer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ParcelTransfer>().ToTable("parcel_transfers");
        modelBuilder.AddOutbox().UseModuleConventions("parcels");
    }
}
