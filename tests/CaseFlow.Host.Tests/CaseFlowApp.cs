using CaseFlow.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CaseFlow.Host.Tests;

/// <summary>The whole Host in process, on a fresh database of the test run's cluster.</summary>
public sealed class CaseFlowApp : WebApplicationFactory<Program>
{
    private CaseFlowApp(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<CaseFlowApp> StartAsync() => new(await TestCluster.CreateDatabaseAsync("host"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting reaches Program before it reads configuration, so the Host does not start its own cluster.
        builder.UseSetting("ConnectionStrings:CaseFlow", ConnectionString);
        builder.UseEnvironment("Production");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestCluster.DropDatabaseAsync(ConnectionString);
    }
}
