using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Host.Commands;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Persistence;
using CaseFlow.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseFlow.Supervision.Tests;

/// <summary>
/// The whole Host in process on a fresh database, with a clock the test moves (Monday 2 March 2026, 09:00 in Beijing).
/// Complex complaints are due in 3 working days and rectifications in 4 here, to show both are settings.
/// </summary>
public sealed class SupervisionApp : WebApplicationFactory<Program>
{
    public const string DemoPassword = "CaseFlow-demo-2026";

    /// <summary>食品经营许可: lead department market-regulation, committed 5 working days (the demo catalogue).</summary>
    public const string FoodLicence = "11000000MB0000001-SP-02";

    private static int _sequence;
    private readonly Lazy<Task> _seeded;
    private readonly int _publicRequestsPerMinute;

    private SupervisionApp(string connectionString, int publicRequestsPerMinute)
    {
        ConnectionString = connectionString;
        _publicRequestsPerMinute = publicRequestsPerMinute;
        // Reference data only: the statistics tests recount every case they create, so no demo case may share their days.
        _seeded = new Lazy<Task>(() => DemoData.SeedAsync(Services, includeCases: false));
    }

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; } = new();

    public static async Task<SupervisionApp> StartAsync(int publicRequestsPerMinute = 10_000) =>
        new(await TestCluster.CreateDatabaseAsync("supervision"), publicRequestsPerMinute);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:CaseFlow", ConnectionString);
        builder.UseSetting("CaseFlow:Supervision:ComplexComplaintDays", "3");
        builder.UseSetting("CaseFlow:Supervision:RectificationDays", "4");
        builder.UseSetting("CaseFlow:Supervision:ReturnVisitShare", "0.25");
        builder.UseSetting("CaseFlow:Supervision:PublicRequestsPerMinute", _publicRequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("CaseFlow:Deadline:Scheduler:PollInterval", "00:00:00.200");
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task SeedAsync() => await _seeded.Value;

    /// <summary>A client signed in with a demo account, the demo data entered on first use.</summary>
    public async Task<HttpClient> SignedInClientAsync(string login)
    {
        await _seeded.Value;
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/access/sign-in", new { login, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>An anonymous visitor (the public forms).</summary>
    public async Task<HttpClient> PublicClientAsync()
    {
        await _seeded.Value;
        return CreateClient();
    }

    /// <summary>Delivers a notification to the Supervision module's handlers only, as the outbox dispatcher would.</summary>
    public async Task DeliverAsync<TNotification>(TNotification notification)
        where TNotification : INotification
    {
        await _seeded.Value;
        await using var scope = Services.CreateAsyncScope();
        foreach (var handler in scope.ServiceProvider.GetServices<INotificationHandler<TNotification>>()
            .Where(h => h.GetType().Assembly == typeof(SupervisionDbContext).Assembly))
        {
            await handler.Handle(notification, CancellationToken.None);
        }
    }

    /// <summary>Sends a request through the mediator, as another module or a page would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request)
    {
        await _seeded.Value;
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    /// <summary>Registers and accepts a real case at the window (Intake's API), returning its case number and the applicant's ID ending.</summary>
    public async Task<(string CaseNumber, string IdLast4)> AcceptRealCaseAsync(HttpClient clerk)
    {
        await _seeded.Value;
        var idNumber = ResidentId();
        var registered = await clerk.PostAsJsonAsync("/api/intake/cases", new
        {
            serviceItemCode = FoodLicence,
            applicant = new { kind = "Person", name = "陈晓明", idNumber, phone = "13812345678" },
            materials = new[]
            {
                new { code = "M01", copies = 1, form = "Original" },
                new { code = "M02", copies = 1, form = "Copy" },
                new { code = "M03", copies = 1, form = "Original" },
                new { code = "M04", copies = 1, form = "Original" },
                new { code = "M05", copies = 1, form = "Copy" },
            },
        });
        await EnsureAsync(registered);
        var reception = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receptionNumber").GetString();
        var accepted = await clerk.PostAsync($"/api/intake/cases/{reception}/acceptance", null);
        await EnsureAsync(accepted);
        var caseNumber = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString()!;
        return (caseNumber, idNumber[^4..]);
    }

    /// <summary>Waits until a condition over the database holds (events travel through outboxes); fails after a minute.</summary>
    public async Task WaitUntilAsync(string sql, object? parameter = null)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (await CountAsync(sql, parameter) > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Still not true after a minute: {sql}");
    }

    public async Task<long> CountAsync(string sql, object? parameter = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<string?> SingleTextAsync(string sql, object? parameter = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteScalarAsync() as string;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestCluster.DropDatabaseAsync(ConnectionString);
    }

    public static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A GB 11643 resident ID with a fresh sequence number, so every applicant's last 4 differ.</summary>
    public static string ResidentId()
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var body = $"11010519900307{Interlocked.Increment(ref _sequence) % 1000:000}";
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
