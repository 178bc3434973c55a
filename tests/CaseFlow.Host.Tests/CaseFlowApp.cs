using System.Net.Http.Json;
using CaseFlow.Host.Access;
using CaseFlow.Host.Commands;
using CaseFlow.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CaseFlow.Host.Tests;

/// <summary>The whole Host in process, on a fresh database of the test run's cluster.</summary>
public sealed class CaseFlowApp : WebApplicationFactory<Program>
{
    private readonly Lazy<Task> _seeded;

    private CaseFlowApp(string connectionString)
    {
        ConnectionString = connectionString;
        _seeded = new Lazy<Task>(() => DemoData.SeedAsync(Services));
    }

    public string ConnectionString { get; }

    public static async Task<CaseFlowApp> StartAsync() => new(await TestCluster.CreateDatabaseAsync("host"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting reaches Program before it reads configuration, so the Host does not start its own cluster.
        builder.UseSetting("ConnectionStrings:CaseFlow", ConnectionString);
        builder.UseEnvironment("Production");
    }

    /// <summary>A client signed in with a demo account (see DemoStaff), the demo data entered on first use.</summary>
    public async Task<HttpClient> SignedInClientAsync(string login)
    {
        await _seeded.Value;
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/access/sign-in", new { login, password = DemoStaff.Password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestCluster.DropDatabaseAsync(ConnectionString);
    }
}
