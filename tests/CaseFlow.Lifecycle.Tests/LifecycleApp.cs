using System.Net.Http.Json;
using System.Text.Json;
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
        _seeded = new Lazy<Task>(() => DemoData.SeedAsync(Services, includeHistory: false));
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
    public async Task AcceptCaseAsync(string caseNumber, CaseType type, string lead, string[] coDepartments, int committedLimitDays = 20, int statutoryLimitDays = 60)
    {
        await _seeded.Value;
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(new CaseAccepted(
            caseNumber, "construction-permit", 1, type, lead, coDepartments, committedLimitDays, statutoryLimitDays, Clock.GetUtcNow(), Deemed: false,
            "C0001", "clerk", "窗口一", "W01"));
    }

    /// <summary>建筑工程施工许可 of the demo catalogue: lead housing-construction, three co-departments, 7 working days committed.</summary>
    public const string ConstructionPermit = "11000000MB0000002-JZ-03";

    /// <summary>Every material 建筑工程施工许可 asks for, in the asked form and number of copies.</summary>
    public static readonly object[] ConstructionMaterials =
    [
        new { code = "M01", copies = 2, form = "Original" },
        new { code = "M02", copies = 1, form = "Copy" },
        new { code = "M03", copies = 1, form = "Copy" },
        new { code = "M04", copies = 1, form = "Copy" },
        new { code = "M05", copies = 1, form = "Original" },
    ];

    private static int _applicants;

    /// <summary>A GB 11643 resident ID with a fresh sequence number.</summary>
    public static string ResidentId()
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var body = $"11010519850512{Interlocked.Increment(ref _applicants) % 1000:000}";
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    /// <summary>
    /// The window's real path: the clerk registers an application with its materials and accepts it; Intake publishes
    /// CaseAccepted through its outbox, and this waits until Approval has the case. Returns the case number.
    /// </summary>
    public async Task<string> RegisterAndAcceptAsync(HttpClient clerk, HttpClient departmentReader, string serviceItemCode, object[] materials, string? idNumber = null)
    {
        await _seeded.Value;
        var registered = await clerk.PostAsJsonAsync("/api/intake/cases", new
        {
            serviceItemCode,
            applicant = new { kind = "Person", name = "林晓东", idNumber = idNumber ?? ResidentId(), phone = "13912345678" },
            materials,
        });
        registered.EnsureSuccessStatusCode();
        var reception = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receptionNumber").GetString();
        var accepted = await clerk.PostAsync($"/api/intake/cases/{reception}/acceptance", null);
        accepted.EnsureSuccessStatusCode();
        var caseNumber = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString()!;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            // The case view reads the process and mirrors its open tasks: once it has a running process, the inbox has them.
            var response = await departmentReader.GetAsync($"/api/approval/cases/{caseNumber}");
            if (response.IsSuccessStatusCode
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("processStatus").ValueKind == JsonValueKind.String)
            {
                return caseNumber;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"Approval never received case {caseNumber}.");
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
