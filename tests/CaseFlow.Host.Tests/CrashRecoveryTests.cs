using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseFlow.Host.Access;
using CaseFlow.Testing;

namespace CaseFlow.Host.Tests;

/// <summary>A node killed in the middle of work loses nothing it acknowledged, and its instances go on on the next node.</summary>
[NonParallelizable]
public sealed class CrashRecoveryTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(180);
    private string _connectionString = null!;

    [SetUp]
    public async Task CreateDatabase() => _connectionString = await TestCluster.CreateDatabaseAsync("crash");

    [TearDown]
    public async Task DropDatabase() => await TestCluster.DropDatabaseAsync(_connectionString);

    [Test]
    public async Task A_host_killed_mid_run_loses_no_acknowledged_step_and_its_instances_go_on_after_restart()
    {
        var environment = new Dictionary<string, string> { ["ConnectionStrings__CaseFlow"] = _connectionString };
        await using (var seed = HostProcess.Start(environment, "seed"))
        {
            await seed.WaitForExitAsync(StartLimit);
            seed.ExitCode.ShouldBe(0, seed.Output);
        }

        var acknowledged = new ConcurrentBag<Guid>();
        Guid advanced;
        await using (var doomed = HostProcess.Start(environment))
        {
            (await doomed.WaitUntilReadyAsync(StartLimit)).ShouldBeTrue(doomed.Output);
            using var lead = await SignInAsync(doomed.Address, "lead-housing");
            advanced = await StartAsync(lead, "2026-CRASH-0") ?? throw new InvalidOperationException("the first start failed");
            (await CompleteOnlyTaskAsync(lead, advanced, "distributed")).StatusCode.ShouldBe(HttpStatusCode.OK);

            // Starts keep arriving from four clients while the node dies under them.
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested && i < 500; i++)
                {
                    try
                    {
                        if (await StartAsync(lead, $"2026-CRASH-{c}-{i}") is { } id)
                        {
                            acknowledged.Add(id);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();
            while (acknowledged.Count < 20)
            {
                await Task.Delay(20);
            }

            doomed.Kill();
            await doomed.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }

        await using var next = HostProcess.Start(environment);
        (await next.WaitUntilReadyAsync(StartLimit)).ShouldBeTrue(next.Output);
        using var leadAgain = await SignInAsync(next.Address, "lead-housing");
        using var fire = await SignInAsync(next.Address, "approver-fire");
        using var resources = await SignInAsync(next.Address, "approver-resources");

        foreach (var id in acknowledged)
        {
            var instance = await leadAgain.GetFromJsonAsync<JsonElement>($"/api/workflows/instances/{id}");
            instance.GetProperty("activeElements").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Task_Distribute"]);
        }

        (await CompleteOnlyTaskAsync(fire, advanced, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CompleteOnlyTaskAsync(resources, advanced, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CompleteOnlyTaskAsync(leadAgain, advanced, "approve", """{"decision":"approve"}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var finished = await leadAgain.GetFromJsonAsync<JsonElement>($"/api/workflows/instances/{advanced}");
        finished.GetProperty("status").GetString().ShouldBe("Completed");
    }

    private static async Task<HttpClient> SignInAsync(Uri address, string login)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        (await client.PostAsJsonAsync("/api/access/sign-in", new { login, password = DemoStaff.Password })).EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<Guid?> StartAsync(HttpClient client, string businessKey)
    {
        var response = await client.PostAsJsonAsync("/api/workflows/instances", new
        {
            definitionKey = "approval-parallel",
            businessKey,
            variables = new { leadDepartment = "housing-construction", coDepartments = new[] { "natural-resources", "fire-rescue" }, departmentLimit = 3 },
        });
        return response.StatusCode == HttpStatusCode.Created
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetGuid()
            : null;
    }

    private static async Task<HttpResponseMessage> CompleteOnlyTaskAsync(HttpClient client, Guid instance, string outcome, string variables = "null")
    {
        var tasks = await client.GetFromJsonAsync<JsonElement>("/api/workflows/tasks");
        var task = tasks.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("instanceId").GetGuid() == instance).GetProperty("taskId").GetString();
        using var body = new StringContent($$"""{"outcome":"{{outcome}}","variables":{{variables}}}""", Encoding.UTF8, "application/json");
        return await client.PostAsync($"/api/workflows/instances/{instance}/tasks/{task}/complete", body);
    }
}
