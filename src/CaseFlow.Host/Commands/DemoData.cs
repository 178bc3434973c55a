using CaseFlow.Kernel.Modules;

namespace CaseFlow.Host.Commands;

internal static class DemoData
{
    /// <summary>
    /// Runs every module's seeder, reference data first, then the demo cases; each keeps rows that already exist, so a
    /// second run changes nothing.
    /// </summary>
    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("CaseFlow.Seed");
        var seeders = scope.ServiceProvider.GetServices<IModuleSeeder>().OrderBy(s => s.Order)
            .Concat(scope.ServiceProvider.GetKeyedServices<IModuleSeeder>(DemoSeeders.Cases).OrderBy(s => s.Order));
        foreach (var seeder in seeders)
        {
            await seeder.SeedAsync(cancellationToken);
            logger.LogInformation("Seeded {Seeder}", seeder.GetType().Name);
        }
    }
}
