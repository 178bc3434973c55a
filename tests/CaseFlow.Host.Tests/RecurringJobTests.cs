using System.Collections.Concurrent;
using CaseFlow.Kernel.Scheduling;
using CaseFlow.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CaseFlow.Host.Tests;

/// <summary>The Host's clustered recurring-job scheduler, with two Host nodes in this process on one database.</summary>
public sealed class RecurringJobTests
{
    [Test]
    public async Task A_job_registered_on_two_nodes_fires_once_per_firing()
    {
        var log = new FiringLog();
        await using var first = await CaseFlowApp.StartAsync(With<EverySecondJob>(log, "A"));
        await using var second = CaseFlowApp.NodeOf(first.ConnectionString, With<EverySecondJob>(log, "B"));

        // Both nodes start at the same moment: schema provisioning and the schedule upsert take turns.
        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));
        await EventuallyAsync(() => log.Firings.Count(f => f.Job == EverySecondJob.JobName) >= 6);

        var firings = log.Firings.Where(f => f.Job == EverySecondJob.JobName).ToList();
        firings.GroupBy(f => f.ScheduledAt).ShouldAllBe(g => g.Count() == 1);
        firings.ShouldAllBe(f => f.ScheduledAt.Millisecond == 0, "a firing is handed its scheduled (whole-second) time");
        firings.Select(f => f.Instance).Distinct().Count().ShouldBe(firings.Count, "each firing runs in its own scope");
        (await CountAsync(first.ConnectionString, "SELECT count(*) FROM quartz.qrtz_scheduler_state")).ShouldBe(2);
    }

    [Test]
    public async Task A_firing_missed_while_no_node_ran_fires_once_at_the_next_start()
    {
        var log = new FiringLog();
        var connectionString = await TestCluster.CreateDatabaseAsync("host");
        try
        {
            await using (var before = CaseFlowApp.NodeOf(connectionString, With<NightlyJob>(log, "before")))
            {
                _ = before.Services;
            }

            // The nightly firing came and went while no node ran: the stored next firing is an hour ago.
            var nextFire = await CountAsync(connectionString, $"SELECT next_fire_time FROM quartz.qrtz_triggers WHERE trigger_name = '{NightlyJob.JobName}'");
            nextFire.ShouldBeGreaterThan(DateTimeOffset.UtcNow.UtcTicks, "the trigger waits for tonight");
            await CountAsync(connectionString, $"UPDATE quartz.qrtz_triggers SET next_fire_time = {DateTimeOffset.UtcNow.AddHours(-1).UtcTicks} WHERE trigger_name = '{NightlyJob.JobName}'");
            log.Firings.ShouldBeEmpty();

            await using var after = CaseFlowApp.NodeOf(connectionString, With<NightlyJob>(log, "after"));
            _ = after.Services;
            await EventuallyAsync(() => !log.Firings.IsEmpty);
            await Task.Delay(TimeSpan.FromSeconds(3));

            log.Firings.Count.ShouldBe(1, "a missed firing fires once, not once per missed occasion");
            log.Firings.Single().Node.ShouldBe("after");
            (await CountAsync(connectionString, $"SELECT next_fire_time FROM quartz.qrtz_triggers WHERE trigger_name = '{NightlyJob.JobName}'"))
                .ShouldBeGreaterThan(DateTimeOffset.UtcNow.UtcTicks, "then the schedule goes on from tonight");
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(connectionString);
        }
    }

    [Test]
    public async Task Jobs_fire_on_the_wall_clock_while_a_test_holds_the_domain_clock_still()
    {
        var log = new FiringLog();
        var configure = With<EverySecondJob>(log, "fake-clock");
        await using var app = await CaseFlowApp.StartAsync(builder =>
        {
            configure(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider()));
        });
        _ = app.Services;

        await EventuallyAsync(() => log.Firings.Count >= 2);

        log.Firings.ShouldAllBe(f => f.ScheduledAt > DateTimeOffset.UtcNow.AddMinutes(-5), "the scheduled times are the wall clock's");
    }

    [Test]
    public async Task The_health_check_reports_the_recurring_job_scheduler()
    {
        await using var app = await CaseFlowApp.StartAsync();
        _ = app.Services;

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"));

        report.Entries.Keys.ShouldContain("recurring-jobs");
        report.Entries["recurring-jobs"].Status.ShouldBe(HealthStatus.Healthy);
        report.Status.ShouldBe(HealthStatus.Healthy);
    }

    private static Action<IWebHostBuilder> With<TJob>(FiringLog log, string node)
        where TJob : class, IRecurringJob =>
        builder =>
        {
            builder.UseSetting("CaseFlow:RecurringJobs:MisfireThreshold", "00:00:01");
            builder.UseSetting("CaseFlow:RecurringJobs:CheckinInterval", "00:00:01");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(log);
                services.AddSingleton(new NodeName(node));
                services.AddRecurringJob<TJob>();
            });
        };

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 600 && !condition(); attempt++)
        {
            await Task.Delay(100);
        }

        condition().ShouldBeTrue("the condition did not come true within a minute");
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // The test's own statements.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    internal sealed record NodeName(string Value);

    internal sealed record Firing(string Job, string Node, DateTimeOffset ScheduledAt, Guid Instance);

    internal sealed class FiringLog
    {
        public ConcurrentQueue<Firing> Firings { get; } = new();
    }

    internal sealed class EverySecondJob(FiringLog log, NodeName node) : IRecurringJob
    {
        public const string JobName = "test.every-second";

        private readonly Guid _instance = Guid.NewGuid();

        public string Name => JobName;

        public string Cron => "* * * * * ?";

        public Task RunAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken)
        {
            log.Firings.Enqueue(new Firing(Name, node.Value, scheduledAt, _instance));
            return Task.CompletedTask;
        }
    }

    internal sealed class NightlyJob(FiringLog log, NodeName node) : IRecurringJob
    {
        public const string JobName = "test.nightly";

        private readonly Guid _instance = Guid.NewGuid();

        public string Name => JobName;

        // 03:00 UTC every day.
        public string Cron => "0 0 3 * * ?";

        public Task RunAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken)
        {
            log.Firings.Enqueue(new Firing(Name, node.Value, scheduledAt, _instance));
            return Task.CompletedTask;
        }
    }
}
