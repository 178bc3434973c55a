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
    private readonly bool _ownsDatabase;
    private readonly Action<IWebHostBuilder>? _configure;

    private CaseFlowApp(string connectionString, bool ownsDatabase = true, Action<IWebHostBuilder>? configure = null)
    {
        ConnectionString = connectionString;
        _ownsDatabase = ownsDatabase;
        _configure = configure;
        _seeded = new Lazy<Task>(() => DemoData.SeedAsync(Services, includeHistory: false));
    }

    public string ConnectionString { get; }

    public static async Task<CaseFlowApp> StartAsync(Action<IWebHostBuilder>? configure = null) =>
        new(await TestCluster.CreateDatabaseAsync("host"), ownsDatabase: true, configure);

    /// <summary>Another node of the same deployment: a second Host in this process on the given node's database.</summary>
    public static CaseFlowApp NodeOf(string connectionString, Action<IWebHostBuilder>? configure = null) =>
        new(connectionString, ownsDatabase: false, configure);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting reaches Program before it reads configuration, so the Host does not start its own cluster.
        builder.UseSetting("ConnectionStrings:CaseFlow", ConnectionString);
        builder.UseEnvironment("Production");
        _configure?.Invoke(builder);
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
        if (_ownsDatabase)
        {
            await TestCluster.DropDatabaseAsync(ConnectionString);
        }
    }
}
