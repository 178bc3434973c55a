using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Host.Tests;

/// <summary>The development default: no connection string, so the Host runs its own PostgreSQL and must clean up after itself.</summary>
[NonParallelizable]
public sealed class EmbeddedDatabaseTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(180);
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
        await using (var seed = HostProcess.Start(environment, "seed"))
        {
            await seed.WaitForExitAsync(StartLimit);

            seed.ExitCode.ShouldBe(0, seed.Output);
            File.Exists(Path.Combine(_dataDirectory, "pgdata", "postmaster.pid")).ShouldBeFalse("the seed verb must stop its server");
        }

        await using (var served = HostProcess.Start(environment))
        {
            (await served.WaitUntilReadyAsync(StartLimit)).ShouldBeTrue(served.Output);
            using var client = new HttpClient { BaseAddress = served.Address };

            var departments = await client.GetFromJsonAsync<JsonElement>("/api/routing/departments");
            await served.InterruptAsync(TimeSpan.FromSeconds(60));

            departments.EnumerateArray().Select(d => d.GetProperty("code").GetString()).ShouldContain("market-regulation");
            served.ExitCode.ShouldBe(0, served.Output);
            File.Exists(Path.Combine(_dataDirectory, "pgdata", "postmaster.pid")).ShouldBeFalse("Ctrl+C must stop the server");
        }
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
