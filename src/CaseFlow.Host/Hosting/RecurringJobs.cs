using CaseFlow.Kernel.Scheduling;
using Npgsql;
using Quartz;

namespace CaseFlow.Host.Hosting;

/// <summary>Settings of the clustered recurring-job scheduler (<c>CaseFlow:RecurringJobs</c>).</summary>
internal sealed class RecurringJobOptions
{
    public const string Section = "CaseFlow:RecurringJobs";

    /// <summary>Off: no node of this configuration runs recurring jobs (the others still do).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How late a firing may start before it counts as missed; a missed firing fires once, at once.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a node records in the store that it is alive; a node silent for longer is recovered by the others.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many recurring jobs one node runs at once.</summary>
    public int MaxConcurrency { get; set; } = 4;
}

/// <summary>
/// The Host's clustered scheduler for <see cref="IRecurringJob"/>s: Quartz with its PostgreSQL store in the schema
/// <c>quartz</c>, clustering on, so each firing runs on exactly one node. Quartz keeps the wall clock (check-ins and
/// misfires are about real time between nodes); the jobs read the domain time from <see cref="TimeProvider"/>.
/// </summary>
internal static class RecurringJobScheduling
{
    public const string Schema = "quartz";
    public const string SchedulerName = "CaseFlow";
    public const string JobGroup = "caseflow";
    public const string JobNameKey = "recurring-job";

    public static IServiceCollection AddRecurringJobScheduler(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var options = configuration.GetSection(RecurringJobOptions.Section).Get<RecurringJobOptions>() ?? new RecurringJobOptions();
        services.AddSingleton(options);
        // A named scheduler: its parts, its clock included, are keyed by its name, so the wall clock given here is not
        // replaced by the TimeProvider the application (or a test moving the domain clock) registers in the container.
        services.AddQuartz(SchedulerName, q =>
        {
            q.UseTimeProvider(TimeProvider.System);
            q.UseDefaultThreadPool(options.MaxConcurrency);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(NpgsqlFactory.Instance, connectionString);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(c => c.CheckinInterval = options.CheckinInterval);
                store.ProvisionSchema();
                store.ConfigureStore(s =>
                {
                    // Unquoted, so PostgreSQL folds the names: quartz.qrtz_triggers, quartz.qrtz_locks, ...
                    s.TablePrefix = $"{Schema}.qrtz_";
                    s.MisfireThreshold = options.MisfireThreshold;
                });
            });
        });
        services.AddTransient<RecurringJobRunner>();
        services.AddSingleton<RecurringJobHost>();
        services.AddHostedService(sp => sp.GetRequiredService<RecurringJobHost>());
        if (options.Enabled)
        {
            // Quartz's own check: the scheduler runs, its store answers, and this node still checks in to the cluster.
            services.AddHealthChecks().AddQuartz(SchedulerName, check =>
            {
                check.Name = "recurring-jobs";
                check.Tags.Add("ready");
            });
        }

        return services;
    }
}

/// <summary>The one Quartz job type: runs the <see cref="IRecurringJob"/> its job data names, in the firing's own DI scope.</summary>
[DisallowConcurrentExecution]
internal sealed class RecurringJobRunner(IEnumerable<IRecurringJob> jobs, ILogger<RecurringJobRunner> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(RecurringJobScheduling.JobNameKey);
        var job = jobs.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.Ordinal));
        if (job is null)
        {
            // A schedule left in the store by a version that had this job: nothing to run here.
            logger.LogWarning("Recurring job {Job} is scheduled but no longer registered; skipped", name);
            return;
        }

        var scheduledAt = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        logger.LogDebug("Running recurring job {Job} for {ScheduledAt:u}", name, scheduledAt);
        await job.RunAsync(scheduledAt, cancellationToken);
    }
}

/// <summary>
/// Provisions the store, starts the node's scheduler and makes the store's schedule match the registered jobs. Nodes
/// starting together take turns under an advisory lock, so schema creation and schedule upserts never race.
/// </summary>
internal sealed class RecurringJobHost(
    [FromKeyedServices(RecurringJobScheduling.SchedulerName)] ISchedulerFactory schedulers,
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    RecurringJobOptions options,
    ILogger<RecurringJobHost> logger) : IHostedService
{
    private const long LockKey = 0x43_46_51_75_61_72_74_7a; // "CFQuartz"

    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            logger.LogInformation("Recurring jobs are disabled on this node ({Section}:Enabled)", RecurringJobOptions.Section);
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey}); CREATE SCHEMA IF NOT EXISTS {RecurringJobScheduling.Schema};", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            // Building the scheduler creates whatever tables the store is missing (ProvisionSchema), under the lock.
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await ScheduleRegisteredJobsAsync(scheduler, cancellationToken);
            await scheduler.Start(cancellationToken);
            _scheduler = scheduler;
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            // Running firings finish (or see their token cancelled when the host's shutdown time is up).
            try
            {
                await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
            }
            catch (ObjectDisposedException)
            {
                // Quartz's cluster manager resolves its scheduler lazily from the container; when the container is already
                // being disposed (a test host torn down) its last check-in cannot run. Nothing is lost: the other nodes
                // (or the next start) recover this node's state from the store, as after a crash.
            }
        }
    }

    private async Task ScheduleRegisteredJobsAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        List<(string Name, string Cron)> registered;
        await using (var scope = scopes.CreateAsyncScope())
        {
            registered = [.. scope.ServiceProvider.GetServices<IRecurringJob>().Select(j => (j.Name, j.Cron))];
        }

        var duplicate = registered.GroupBy(j => j.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two recurring jobs are named {duplicate.Key}: a name keys the persisted schedule and must be unique.");
        }

        foreach (var (name, cron) in registered)
        {
            var triggerKey = new TriggerKey(name, RecurringJobScheduling.JobGroup);
            if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ICronTrigger existing
                && string.Equals(existing.CronExpressionString, cron, StringComparison.Ordinal))
            {
                // Left as stored: replacing it would recompute the next firing and lose one missed while no node ran.
                continue;
            }

            var job = JobBuilder.Create<RecurringJobRunner>()
                .WithIdentity(name, RecurringJobScheduling.JobGroup)
                .UsingJobData(RecurringJobScheduling.JobNameKey, name)
                .StoreDurably()
                .RequestRecovery()
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(triggerKey)
                .ForJob(job)
                .WithSchedule(CronScheduleBuilder.Create(cron)
                    .InTimeZone(TimeZoneInfo.Utc)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .StartNow()
                .Build();
            await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
            logger.LogInformation("Scheduled recurring job {Job} ({Cron})", name, cron);
        }
    }
}
