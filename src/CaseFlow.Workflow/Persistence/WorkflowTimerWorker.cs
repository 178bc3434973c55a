using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseFlow.Workflow.Persistence;

/// <summary>
/// Sweeps due timers: a full batch means more may be due, so it sweeps again at once; otherwise it sleeps for the
/// poll interval. Timers that came due while no Host ran are simply due at the first sweep after start.
/// </summary>
[SuppressMessage("Performance", "CA1812", Justification = "Created by the DI container as a hosted service.")]
internal sealed class WorkflowTimerWorker(WorkflowRuntime runtime, WorkflowOptions options, TimeProvider time, ILogger<WorkflowTimerWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await runtime.FireDueTimersAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The database restarting or failing over must not stop the worker (nor the Host): the timers stay due.
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Timer sweep failed; retrying after {Delay}", options.TimerPollInterval);
            }

            if (handled < options.TimerBatchSize)
            {
                try
                {
                    await Task.Delay(options.TimerPollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
