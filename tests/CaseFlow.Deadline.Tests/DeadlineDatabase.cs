using CaseFlow.Deadline.Calendar;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Validation;
using CaseFlow.Supervision;
using CaseFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseFlow.Deadline.Tests;

/// <summary>The Deadline and Supervision modules on a fresh, migrated database of the test run's cluster, with a fake clock.</summary>
internal sealed class DeadlineDatabase : IAsyncDisposable
{
    private DeadlineDatabase(string connectionString, ServiceProvider services, FakeTimeProvider time)
    {
        ConnectionString = connectionString;
        Services = services;
        Time = time;
    }

    public string ConnectionString { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    public static async Task<DeadlineDatabase> CreateAsync(
        DateTimeOffset now,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var connectionString = await TestCluster.CreateDatabaseAsync("deadline");
        var time = new FakeTimeProvider(now);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<SqlMigrator>();
        services.AddPipelineBehavior(typeof(ValidationBehavior<,>));
        services.AddDeadlineModule().AddSupervisionModule();
        // Alerts reach the ledger through the Kernel's outbox, as in the Host; tests dispatch it by hand (DeliverAsync).
        services.AddOutboxDispatcher(new OutboxOptions { PollInterval = TimeSpan.FromMilliseconds(50), FirstRetryDelay = TimeSpan.FromSeconds(30) });
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await provider.GetRequiredService<SqlMigrator>().MigrateAsync();
        await ActivatorUtilities.CreateInstance<NationalArrangementImport>(provider).StartAsync(CancellationToken.None);
        return new DeadlineDatabase(connectionString, provider, time);
    }

    /// <summary>Publishes the module outboxes' due messages once (what the Host's dispatcher does on every poll); returns how many were handled.</summary>
    public Task<int> DeliverAsync() => Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

    public async Task<TResponse> Send<TResponse>(IRequest<TResponse> request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    public async Task<T> Scalar<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task Execute(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await TestCluster.DropDatabaseAsync(ConnectionString);
    }
}
