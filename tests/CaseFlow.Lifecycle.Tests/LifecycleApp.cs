using System.Net.Http.Json;
using CaseFlow.Host.Commands;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseFlow.Lifecycle.Tests;

/// <summary>The whole Host in process on a fresh database, with a clock the test moves (Monday 2 March 2026, 09:00 in Beijing).</summary>
public sealed class LifecycleApp : WebApplicationFactory<Program>
{
    /// <summary>The password of every demo account (src/CaseFlow.Host/Access/DemoStaff.cs).</summary>
    public const string DemoPassword = "CaseFlow-demo-2026";

    private readonly Lazy<Task> _seeded;

    private LifecycleApp(string connectionString)
    {
        ConnectionString = connectionString;
        _seeded = new Lazy<Task>(() => DemoData.SeedAsync(Services));
    }

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; } = new();

    public static async Task<LifecycleApp> StartAsync() => new(await TestCluster.CreateDatabaseAsync("lifecycle"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:CaseFlow", ConnectionString);
        builder.UseSetting("CaseFlow:Inquiries:AcknowledgeWithinWorkingHours", "2");
        builder.UseSetting("CaseFlow:Inquiries:SweepCron", "* * * * * ?");
        builder.UseSetting("CaseFlow:Routing:SweepCron", "* * * * * ?");
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A client signed in with a demo account, the demo data entered on first use.</summary>
    public async Task<HttpClient> SignedInClientAsync(string login)
    {
        await _seeded.Value;
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/access/sign-in", new { login, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>What the Intake module publishes through its outbox when a case is accepted, published here directly.</summary>
    public async Task AcceptCaseAsync(string caseNumber, CaseType type, string lead, string[] coDepartments, int committedLimitDays = 20)
    {
        await _seeded.Value;
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(new CaseAccepted(
            caseNumber, "construction-permit", 1, type, lead, coDepartments, committedLimitDays, 60, Clock.GetUtcNow(), Deemed: false,
            "C0001", "clerk", "窗口一", "W01"));
    }

    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestCluster.DropDatabaseAsync(ConnectionString);
    }
}
