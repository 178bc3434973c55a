using CaseFlow.Kernel.Modules;
using CaseFlow.Kernel.Outbox;

namespace CaseFlow.Host.Commands;

internal static class DemoData
{
    /// <summary>
    /// Runs every module's seeder, reference data first, then the demo cases; each keeps rows that already exist, so a
    /// second run changes nothing. Without <paramref name="includeCases"/> only the reference data (departments, windows,
    /// accounts, catalogue) is entered.
    /// </summary>
    public static async Task SeedAsync(IServiceProvider services, bool includeCases = true, CancellationToken cancellationToken = default)
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

        // The demo cases go through the real commands; what one module's step announces (CaseAccepted starts the
        // approval) reaches the next module through the outbox, delivered here before the next seeder looks.
        foreach (var seeder in scope.ServiceProvider.GetKeyedServices<IModuleSeeder>(DemoSeeders.Cases).OrderBy(s => s.Order))
        {
            await DeliverOutboxAsync(services, cancellationToken);
            await seeder.SeedAsync(cancellationToken);
            logger.LogInformation("Seeded {Seeder}", seeder.GetType().Name);
        }

        await DeliverOutboxAsync(services, cancellationToken);
    }

    private static async Task DeliverOutboxAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<OutboxDispatcher>() is not { } dispatcher)
        {
            return;
        }

        // Bounded: a delivery that keeps failing waits for its retry on the running Host instead of holding the seed.
        for (var batch = 0; batch < 50 && await dispatcher.DispatchDueAsync(cancellationToken) > 0; batch++)
        {
        }
    }
}
