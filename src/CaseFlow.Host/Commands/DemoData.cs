using CaseFlow.Kernel.Modules;

namespace CaseFlow.Host.Commands;

internal static class DemoData
{
    /// <summary>Runs every module's seeder, reference data first; each keeps rows that already exist.</summary>
    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("CaseFlow.Seed");
        foreach (var seeder in scope.ServiceProvider.GetServices<IModuleSeeder>().OrderBy(s => s.Order))
        {
            await seeder.SeedAsync(cancellationToken);
            logger.LogInformation("Seeded {Seeder}", seeder.GetType().Name);
        }
    }
}
