using System.Data.Common;
using System.Reflection;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CaseFlow.Kernel.Tests.Outbox;

public sealed class OutboxTests
{
    private string _connectionString = null!;
    private NpgsqlDataSource _dataSource = null!;
    private ServiceProvider _services = null!;
    private FakeTimeProvider _clock = null!;
    private Delivered _delivered = null!;

    [SetUp]
    public async Task Start()
    {
        _connectionString = await TestCluster.CreateDatabaseAsync("outbox");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        _clock = new FakeTimeProvider();
        _delivered = new Delivered();
        var module = new ModuleMigrations("Notes", "notes", new NoScripts());
        await new SqlMigrator(_dataSource, [module], NullLogger<SqlMigrator>.Instance).MigrateAsync();
        _services = new ServiceCollection()
            .AddSingleton(_delivered)
            .AddSingleton<TimeProvider>(_clock)
            .AddSingleton(_dataSource)
            .AddSingleton(module)
            .AddLogging()
            .AddDbContext<NotesContext>(o => o.UseNpgsql(_dataSource))
            .AddMediator(typeof(OutboxTests).Assembly)
            .AddOutboxDispatcher(new OutboxOptions { FirstRetryDelay = TimeSpan.FromSeconds(10) })
            .BuildServiceProvider();
    }

    [TearDown]
    public async Task Stop()
    {
        await _services.DisposeAsync();
        await _dataSource.DisposeAsync();
        await TestCluster.DropDatabaseAsync(_connectionString);
    }

    [Test]
    public async Task A_committed_notification_is_published_once_after_commit()
    {
        await WriteAsync(new NoteWritten("first"), commit: true);

        var handled = await Dispatcher.DispatchDueAsync();
        var again = await Dispatcher.DispatchDueAsync();

        handled.ShouldBe(1);
        again.ShouldBe(0);
        _delivered.Notes.ShouldBe(["first"]);
    }

    [Test]
    public async Task A_rolled_back_change_publishes_nothing()
    {
        await WriteAsync(new NoteWritten("never"), commit: false);

        await Dispatcher.DispatchDueAsync();

        _delivered.Notes.ShouldBeEmpty();
    }

    [Test]
    public async Task A_failing_handler_is_retried_after_a_delay_until_it_succeeds()
    {
        _delivered.FailuresLeft = 1;
        await WriteAsync(new NoteWritten("retried"), commit: true);

        await Dispatcher.DispatchDueAsync();
        var tooSoon = await Dispatcher.DispatchDueAsync();
        _clock.Advance(TimeSpan.FromSeconds(11));
        var later = await Dispatcher.DispatchDueAsync();

        tooSoon.ShouldBe(0);
        later.ShouldBe(1);
        _delivered.Notes.ShouldBe(["retried"]);
    }

    [Test]
    public async Task Two_dispatchers_at_once_publish_each_message_once()
    {
        for (var i = 0; i < 200; i++)
        {
            await WriteAsync(new NoteWritten($"n{i}"), commit: true);
        }

        var other = ActivatorUtilities.CreateInstance<OutboxDispatcher>(_services);
        await Task.WhenAll(
            Task.Run(async () => { while (await Dispatcher.DispatchDueAsync() > 0) { } }),
            Task.Run(async () => { while (await other.DispatchDueAsync() > 0) { } }));

        _delivered.Notes.Count.ShouldBe(200);
        _delivered.Notes.Distinct().Count().ShouldBe(200);
    }

    [Test]
    public async Task Consecutive_messages_whose_handlers_all_take_batches_go_to_them_in_one_call_in_the_claims_transaction()
    {
        await _dataSource.CreateCommand("CREATE TABLE notes.filed (text text PRIMARY KEY)").ExecuteNonQueryAsync();
        foreach (var text in new[] { "a1", "a2", "a3" })
        {
            await WriteAsync(new NoteFiled(text), commit: true);
        }

        await WriteAsync(new NoteWritten("between"), commit: true);
        await WriteAsync(new NoteFiled("a4"), commit: true);

        var handled = await Dispatcher.DispatchDueAsync();

        handled.ShouldBe(5);
        // Runs keep the outbox order: the message of another type in between ends a run.
        _delivered.Runs.ShouldBe(["a1,a2,a3", "a4"]);
        _delivered.Notes.ShouldBe(["between"]);
        // Each note was written by the (sub)transaction that marked its outbox row delivered.
        await using var sameTransaction = _dataSource.CreateCommand(
            "SELECT count(*) FROM notes.filed f JOIN notes.outbox o ON o.payload->>'text' = f.text AND o.dispatched_at IS NOT NULL WHERE f.xmin::text = o.xmin::text");
        ((long)(await sameTransaction.ExecuteScalarAsync())!).ShouldBe(4);
    }

    [Test]
    public async Task A_run_whose_batch_fails_is_delivered_one_message_at_a_time_and_only_the_failing_one_is_retried()
    {
        await _dataSource.CreateCommand("CREATE TABLE notes.filed (text text PRIMARY KEY)").ExecuteNonQueryAsync();
        foreach (var text in new[] { "b1", "poison", "b3" })
        {
            await WriteAsync(new NoteFiled(text), commit: true);
        }

        await Dispatcher.DispatchDueAsync();

        // The failed run's rows were rolled back to its savepoint, then each message went on its own.
        _delivered.Runs.ShouldBeEmpty();
        _delivered.Notes.ShouldBe(["filed b1", "filed b3"]);
        await using var filed = _dataSource.CreateCommand("SELECT string_agg(text, ',' ORDER BY text) FROM notes.filed");
        ((string)(await filed.ExecuteScalarAsync())!).ShouldBe("b1,b3");
        await using var pending = _dataSource.CreateCommand("SELECT string_agg(payload->>'text', ',') FROM notes.outbox WHERE dispatched_at IS NULL AND attempts = 1");
        ((string)(await pending.ExecuteScalarAsync())!).ShouldBe("poison");
    }

    private OutboxDispatcher Dispatcher => _services.GetRequiredService<OutboxDispatcher>();

    private async Task WriteAsync(INotification note, bool commit)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotesContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.AddNotification(note, _clock.GetUtcNow());
        await db.SaveChangesAsync();
        if (commit)
        {
            await transaction.CommitAsync();
        }
    }

    private sealed class NoScripts : Assembly
    {
        public override string[] GetManifestResourceNames() => [];
    }
}

public sealed record NoteWritten(string Text) : INotification;

public sealed record NoteFiled(string Text) : INotification;

internal sealed class Delivered
{
    private readonly Lock _gate = new();

    public List<string> Notes { get; } = [];

    public List<string> Runs { get; } = [];

    public int FailuresLeft { get; set; }

    public void Add(string note)
    {
        lock (_gate)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("the handler is down");
            }

            Notes.Add(note);
        }
    }
}

internal sealed class NoteWrittenHandler(Delivered delivered) : INotificationHandler<NoteWritten>
{
    public Task Handle(NoteWritten notification, CancellationToken cancellationToken)
    {
        delivered.Add(notification.Text);
        return Task.CompletedTask;
    }
}

/// <summary>Files notes in <c>notes.filed</c>: in runs inside the dispatcher's transaction, or one at a time; "poison" fails both ways.</summary>
internal sealed class NoteFiledHandler(Delivered delivered, IServiceProvider services) : IBatchNotificationHandler<NoteFiled>
{
    public async Task Handle(NoteFiled notification, CancellationToken cancellationToken)
    {
        await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("INSERT INTO notes.filed VALUES ($1)");
        command.Parameters.AddWithValue(Refuse(notification.Text));
        await command.ExecuteNonQueryAsync(cancellationToken);
        delivered.Add($"filed {notification.Text}");
    }

    public async Task Handle(IReadOnlyList<NoteFiled> notifications, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var note in notifications)
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO notes.filed VALUES (@text)";
            command.Parameters.Add(new NpgsqlParameter("text", note.Text));
            await command.ExecuteNonQueryAsync(cancellationToken);
            Refuse(note.Text);
        }

        delivered.Runs.Add(string.Join(',', notifications.Select(n => n.Text)));
    }

    private static string Refuse(string text) => text == "poison" ? throw new InvalidOperationException("a message no handler can take") : text;
}

internal sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutbox().UseModuleConventions("notes");
}
