namespace CaseFlow.Kernel.Modules;

/// <summary>A module's demo data for <c>caseflow seed</c>; must be safe to run again (existing rows are kept).</summary>
public interface IModuleSeeder
{
    /// <summary>Order among modules: reference data (departments) before what refers to it (service items).</summary>
    int Order { get; }

    Task SeedAsync(CancellationToken cancellationToken);
}
