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

    private OutboxDispatcher Dispatcher => _services.GetRequiredService<OutboxDispatcher>();

    private async Task WriteAsync(NoteWritten note, bool commit)
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

internal sealed class Delivered
{
    private readonly Lock _gate = new();

    public List<string> Notes { get; } = [];

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

internal sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutbox().UseModuleConventions("notes");
}
