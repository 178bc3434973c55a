using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Kernel.Scheduling;

/// <summary>
/// Recurring work a module needs done on a schedule (sweeps, daily sampling, roll-ups, retention), run once per
/// firing across all nodes by the Host's clustered scheduler. High-volume due rows (timers, deadlines) are not
/// recurring jobs: they are claimed in batches with <c>FOR UPDATE SKIP LOCKED</c> by their own workers.
/// </summary>
public interface IRecurringJob
{
    /// <summary>A stable, unique name (it keys the persisted schedule), e.g. <c>supervision.return-visits</c>.</summary>
    string Name { get; }

    /// <summary>When it fires: a Quartz cron expression with seconds, e.g. <c>0 30 2 * * ?</c> (02:30 every day).</summary>
    string Cron { get; }

    /// <summary>
    /// Does one firing's work. Must be idempotent for <paramref name="scheduledAt"/>: a firing may be retried after a
    /// crash, and a misfire that happened while no node ran is fired once at the next start.
    /// </summary>
    Task RunAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken);
}

public static class RecurringJobRegistration
{
    /// <summary>Registers a recurring job (scoped: each firing gets its own scope, so its own DbContext).</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services)
        where TJob : class, IRecurringJob
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IRecurringJob, TJob>());
        return services;
    }
}
