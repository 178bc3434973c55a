using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Kernel.Modules;
using CaseFlow.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Intake.Tests;

/// <summary>The whole Host in process on a fresh database, its clock a <see cref="FakeTimeProvider"/> the test moves.</summary>
public sealed class IntakeApp : WebApplicationFactory<Program>
{
    /// <summary>The demo accounts' password (README).</summary>
    public const string DemoPassword = "CaseFlow-demo-2026";

    private readonly Lazy<Task> _seeded;

    private IntakeApp(string connectionString)
    {
        ConnectionString = connectionString;
        _seeded = new Lazy<Task>(SeedAsync);
    }

    public string ConnectionString { get; }

    /// <summary>Monday 2 March 2026, 09:00 in Beijing: a working day.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public static async Task<IntakeApp> StartAsync() => new(await TestCluster.CreateDatabaseAsync("intake"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:CaseFlow", ConnectionString);
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task<HttpClient> SignedInClientAsync(string login)
    {
        await _seeded.Value;
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/access/sign-in", new { login, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public HttpClient AnonymousClient() => CreateClient();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestCluster.DropDatabaseAsync(ConnectionString);
    }

    private async Task SeedAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        foreach (var seeder in scope.ServiceProvider.GetServices<IModuleSeeder>().OrderBy(s => s.Order))
        {
            await seeder.SeedAsync(CancellationToken.None);
        }
    }
}

/// <summary>Valid identifiers for test applicants, computed by the published check-character rules.</summary>
public static class Applicants
{
    public const string FoodLicence = "11000000MB0000001-SP-02";

    private static int _sequence;

    /// <summary>A GB 11643 resident ID with a fresh sequence number (so every applicant's last 4 differ).</summary>
    public static string ResidentId()
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var body = $"11010519900307{Interlocked.Increment(ref _sequence) % 1000:000}";
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    /// <summary>A GB 32100 unified social credit code.</summary>
    public static string CreditCode(string body17 = "91350100M000100Y4")
    {
        const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var sum = body17.Select((c, i) => Alphabet.IndexOf(c, StringComparison.Ordinal) * weights[i]).Sum();
        return body17 + Alphabet[(31 - (sum % 31)) % 31];
    }

    public static object Person(string idNumber, string phone = "13812345678") =>
        new { kind = "Person", name = "陈晓明", idNumber, phone };

    public static object AllFoodMaterials() => new[]
    {
        new { code = "M01", copies = 1, form = "Original" },
        new { code = "M02", copies = 1, form = "Copy" },
        new { code = "M03", copies = 1, form = "Original" },
        new { code = "M04", copies = 1, form = "Original" },
        new { code = "M05", copies = 1, form = "Copy" },
    };

    public static async Task<JsonElement> RegisterAsync(HttpClient clerk, object materials, string? idNumber = null)
    {
        var response = await clerk.PostAsJsonAsync("/api/intake/cases", new { serviceItemCode = FoodLicence, applicant = Person(idNumber ?? ResidentId()), materials });
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"Registration failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static string Reception(this JsonElement view) => view.GetProperty("receptionNumber").GetString()!;
}
