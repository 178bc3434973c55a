using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Workflow.Execution;

namespace CaseFlow.Host.Workflows;

/// <summary>
/// The runtime's calendar port over the Deadline module's calendar: the engine asks synchronously, so the rules are
/// held in memory and refreshed by <see cref="CalendarRefresh"/> (at start, then every few minutes).
/// </summary>
internal sealed class HostWorkingCalendar : IWorkingCalendar
{
    private volatile WorkingCalendar _calendar = new();

    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days) => _calendar.AddWorkingDays(start, days);

    public DateTimeOffset AddWorkingHours(DateTimeOffset start, int hours) => _calendar.AddWorkingHours(start, hours);

    public void Use(CalendarRules rules) => _calendar = new WorkingCalendar(rules.ToPredicate());

    /// <summary>Reads the national calendar's rules now (at start, every few minutes, and in the seed before it replays days).</summary>
    public async Task RefreshAsync(ISender sender, CancellationToken cancellationToken)
    {
        var rules = await sender.Send(new GetCalendarRules(Calendars.National), cancellationToken);
        if (rules is not null)
        {
            Use(rules);
        }
    }
}

internal sealed class CalendarRefresh(HostWorkingCalendar calendar, IServiceScopeFactory scopes, ILogger<CalendarRefresh> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first load happens before the Host serves anything, so no timer is computed on weekends-only rules.
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The working-day calendar could not be refreshed; the last rules stay in use");
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await calendar.RefreshAsync(scope.ServiceProvider.GetRequiredService<ISender>(), cancellationToken);
    }
}
