using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Host.Tests;

/// <summary>The development default: no connection string, so the Host runs its own PostgreSQL and must clean up after itself.</summary>
[NonParallelizable]
public sealed class EmbeddedDatabaseTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private string _dataDirectory = null!;

    [SetUp]
    public void NewDataDirectory() =>
        _dataDirectory = Path.Combine(Path.GetTempPath(), $"caseflow-host-test-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveDataDirectory()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Test]
    public async Task Without_a_connection_string_the_host_runs_its_own_database_stops_it_on_ctrl_c_and_finds_its_data_again()
    {
        var environment = new Dictionary<string, string> { ["CaseFlow__DataDirectory"] = _dataDirectory };
        await using (var first = HostProcess.Start(environment))
        {
            (await first.WaitUntilReadyAsync(StartLimit)).ShouldBeTrue(first.Output);
            using var client = new HttpClient { BaseAddress = first.Address };
            (await client.PostAsJsonAsync("/api/routing/departments", new { code = "tax", name = "税务局" })).StatusCode.ShouldBe(HttpStatusCode.Created);

            await first.InterruptAsync(TimeSpan.FromSeconds(60));

            first.ExitCode.ShouldBe(0, first.Output);
            File.Exists(Path.Combine(_dataDirectory, "pgdata", "postmaster.pid")).ShouldBeFalse("the server must be stopped");
        }

        await using var second = HostProcess.Start(environment);
        (await second.WaitUntilReadyAsync(StartLimit)).ShouldBeTrue(second.Output);
        using var again = new HttpClient { BaseAddress = second.Address };

        var departments = await again.GetFromJsonAsync<JsonElement>("/api/routing/departments");

        departments.EnumerateArray().Select(d => d.GetProperty("code").GetString()).ShouldContain("tax");
    }

    [Test]
    public async Task A_server_left_behind_by_a_killed_host_is_taken_over_at_the_next_start()
    {
        var environment = new Dictionary<string, string> { ["CaseFlow__DataDirectory"] = _dataDirectory };
        await using (var killed = HostProcess.Start(environment))
        {
            (await killed.WaitUntilReadyAsync(StartLimit)).ShouldBeTrue(killed.Output);
            killed.Kill();
            await killed.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        await using var next = HostProcess.Start(environment);

        (await next.WaitUntilReadyAsync(StartLimit)).ShouldBeTrue(next.Output);
    }

    [Test]
    public async Task With_no_postgresql_binaries_the_host_exits_with_one_clear_message()
    {
        var environment = new Dictionary<string, string>
        {
            ["CaseFlow__DataDirectory"] = _dataDirectory,
            ["CaseFlow__PostgresInstallRoot"] = Path.Combine(_dataDirectory, "no-postgres-here"),
            ["PATH"] = "/usr/bin:/bin",
        };
        await using var host = HostProcess.Start(environment);

        await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        host.ExitCode.ShouldBe(1);
        host.Output.ShouldContain("docker compose up");
        host.Output.ShouldContain("ConnectionStrings:CaseFlow");
    }
}
