namespace CaseFlow.Kernel.Modules;

/// <summary>A module's demo data for <c>caseflow seed</c>; must be safe to run again (existing rows are kept).</summary>
public interface IModuleSeeder
{
    /// <summary>Order among modules: reference data (departments) before what refers to it (service items).</summary>
    int Order { get; }

    Task SeedAsync(CancellationToken cancellationToken);
}

/// <summary>Keys of seeders that only the demo center gets (registered keyed, so test hosts that seed reference data skip them).</summary>
public static class DemoSeeders
{
    /// <summary>Cases in every state the window can bring them to, entered through the real commands.</summary>
    public const string Cases = "demo-cases";
}
