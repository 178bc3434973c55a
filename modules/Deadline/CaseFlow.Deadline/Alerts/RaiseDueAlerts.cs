using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Deadline.Alerts;

/// <summary>
/// The scheduler's sweeps run on demand, until nothing crossed is left: the demo seed replays past days with it, where
/// no background scheduler runs (or where it would read the real time instead of the replayed one).
/// </summary>
internal sealed class RaiseDueAlertsHandler(
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IOptions<DeadlineOptions> options,
    ILogger<AlertScheduler> logger) : IRequestHandler<RaiseDueAlerts, int>
{
    public async Task<int> Handle(RaiseDueAlerts request, CancellationToken cancellationToken)
    {
        using var scheduler = new AlertScheduler(dataSource, time, options, logger);
        var raised = 0;
        for (var sweeps = 0; sweeps < 1000; sweeps++)
        {
            var sweep = await scheduler.SweepAsync(cancellationToken);
            raised += sweep.Warnings + sweep.Overdue;
            if (sweep.Warnings < options.Value.Scheduler.ClaimBatchSize && sweep.Overdue < options.Value.Scheduler.ClaimBatchSize)
            {
                break;
            }
        }

        return raised;
    }
}
