using CaseFlow.Host.Workflows;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Modules;
using CaseFlow.Kernel.Outbox;

namespace CaseFlow.Host.Commands;

internal static class DemoData
{
    /// <summary>
    /// Runs every module's seeder, reference data first, then the demo cases; each keeps rows that already exist, so a
    /// second run changes nothing. Without <paramref name="includeCases"/> only the reference data (departments, windows,
    /// accounts, catalogue, the national holiday arrangements) is entered; without <paramref name="includeHistory"/> the
    /// cases of today only, not the replayed past weeks (<see cref="DemoHistory"/>): test hosts whose background workers
    /// run meanwhile skip it, since those workers would read the real time while the replay reads the seed clock's.
    /// </summary>
    public static async Task SeedAsync(
        IServiceProvider services, bool includeCases = true, bool includeHistory = true, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("CaseFlow.Seed");
        foreach (var seeder in scope.ServiceProvider.GetServices<IModuleSeeder>().OrderBy(s => s.Order))
        {
            await seeder.SeedAsync(cancellationToken);
            logger.LogInformation("Seeded {Seeder}", seeder.GetType().Name);
        }

        if (!includeCases)
        {
            return;
        }

        // The seed runs before the Host's hosted services start (caseflow seed, the first start): the workflow runtime's
        // calendar port must know the holidays the Deadline seeder just entered before any case timer is computed.
        if (scope.ServiceProvider.GetService<HostWorkingCalendar>() is { } calendar)
        {
            await calendar.RefreshAsync(scope.ServiceProvider.GetRequiredService<ISender>(), cancellationToken);
        }

        // The demo cases go through the real commands; what one module's step announces (CaseAccepted starts the
        // approval) reaches the next module through the outbox, delivered here before the next seeder looks.
        foreach (var seeder in scope.ServiceProvider.GetKeyedServices<IModuleSeeder>(DemoSeeders.Cases).OrderBy(s => s.Order))
        {
            await DeliverOutboxAsync(services, cancellationToken);
            await seeder.SeedAsync(cancellationToken);
            logger.LogInformation("Seeded {Seeder}", seeder.GetType().Name);
        }

        await DeliverOutboxAsync(services, cancellationToken);

        // Then the center's last two weeks, replayed through the same commands under the seed clock.
        if (!includeHistory)
        {
            return;
        }

        await ActivatorUtilities.CreateInstance<DemoHistory>(scope.ServiceProvider).SeedAsync(cancellationToken);
    }

    /// <summary>Delivers what the outboxes hold that is due (bounded); returns how many messages were handled.</summary>
    internal static async Task<int> DeliverOutboxAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<OutboxDispatcher>() is not { } dispatcher)
        {
            return 0;
        }

        // Bounded: a delivery that keeps failing waits for its retry on the running Host instead of holding the seed.
        var handled = 0;
        for (var batch = 0; batch < 50; batch++)
        {
            var delivered = await dispatcher.DispatchDueAsync(cancellationToken);
            handled += delivered;
            if (delivered == 0)
            {
                break;
            }
        }

        return handled;
    }
}
