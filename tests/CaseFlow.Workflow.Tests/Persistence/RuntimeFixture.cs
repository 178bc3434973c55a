using CaseFlow.Kernel.Persistence;
using CaseFlow.Testing;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CaseFlow.Workflow.Tests.Persistence;

/// <summary>A fresh database on the throwaway cluster per fixture, migrated with the workflow schema.</summary>
public abstract class RuntimeFixture
{
    protected static readonly DateTimeOffset Monday = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private string _connectionString = null!;

    protected NpgsqlDataSource DataSource { get; private set; } = null!;

    protected FakeTimeProvider Clock { get; } = new(Monday);

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _connectionString = await TestCluster.CreateDatabaseAsync("workflow");
        DataSource = NpgsqlDataSource.Create(_connectionString);
        var migrator = new SqlMigrator(DataSource, [new ModuleMigrations("Workflow", "workflow", typeof(WorkflowRuntime).Assembly)], NullLogger<SqlMigrator>.Instance);
        await migrator.MigrateAsync();
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        await DataSource.DisposeAsync();
        await TestCluster.DropDatabaseAsync(_connectionString);
    }

    protected WorkflowRuntime NewRuntime(int timerBatchSize = 100, IServiceTaskPort? port = null) => new(
        DataSource,
        new WorkflowEngine(),
        port ?? new Support.RecordingPort(),
        Clock,
        new WorkflowOptions { TimerBatchSize = timerBatchSize, TimerPollInterval = TimeSpan.FromMilliseconds(20) },
        NullLogger<WorkflowRuntime>.Instance);

    protected async Task<long> ScalarAsync(string sql, params object[] values)
    {
#pragma warning disable CA2100 // Test SQL.
        await using var command = DataSource.CreateCommand(sql);
#pragma warning restore CA2100
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
