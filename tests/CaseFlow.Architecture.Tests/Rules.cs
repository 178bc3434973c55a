using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Architecture.Tests;

/// <summary>The boundary rules of docs/ARCHITECTURE.md, each a function from assemblies to the violations found.</summary>
internal static class Rules
{
    public static readonly string[] Modules = ["Intake", "Routing", "Approval", "Deadline", "Supervision"];

    /// <summary>A module may use another module only through that module's .Contracts assembly.</summary>
    public static IEnumerable<string> ModulesReachOtherModulesOnlyThroughContracts(Assembly module)
    {
        var own = ModuleOf(module.GetName().Name!);
        foreach (var reference in module.GetReferencedAssemblies().Select(r => r.Name!))
        {
            var other = ModuleOf(reference);
            if (other is not null && other != own && !reference.EndsWith(".Contracts", StringComparison.Ordinal))
            {
                yield return $"{module.GetName().Name} references {reference}; use CaseFlow.{other}.Contracts and the mediator instead.";
            }
        }
    }

    /// <summary>A .Contracts assembly references nothing but the message markers and shared primitives (and the base library).</summary>
    public static IEnumerable<string> ContractsReferenceOnlyMarkersAndPrimitives(Assembly contracts) =>
        contracts.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(name => name != "CaseFlow.Kernel.Contracts" && !IsBaseLibrary(name))
            .Select(name => $"{contracts.GetName().Name} references {name}; contracts may reference only CaseFlow.Kernel.Contracts.");

    /// <summary>The workflow runtime knows no module.</summary>
    public static IEnumerable<string> WorkflowReferencesNoModule(Assembly workflow) =>
        workflow.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(name => ModuleOf(name) is not null)
            .Select(name => $"{workflow.GetName().Name} references the module assembly {name}; the runtime must not know modules.");

    /// <summary>Every DbContext of a module keeps all its tables in the module's own schema.</summary>
    public static IEnumerable<string> DbContextsUseTheirModuleSchema(Assembly module, string expectedSchema)
    {
        foreach (var type in module.GetTypes().Where(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract))
        {
            var options = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(type))!;
            options.UseNpgsql("Host=127.0.0.1;Database=model-only");
            using var context = (DbContext)Activator.CreateInstance(type, options.Options)!;
            var model = context.Model;
            if (model.GetDefaultSchema() != expectedSchema)
            {
                yield return $"{type.FullName} has the default schema '{model.GetDefaultSchema()}', not '{expectedSchema}'.";
            }

            foreach (var entity in model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.GetSchema() != expectedSchema))
            {
                yield return $"{type.FullName} maps {entity.DisplayName()} to schema '{entity.GetSchema()}', not '{expectedSchema}'.";
            }
        }
    }

    private static bool IsBaseLibrary(string name) =>
        name is "System" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal);

    private static string? ModuleOf(string assemblyName) =>
        Modules.FirstOrDefault(m => assemblyName == $"CaseFlow.{m}" || assemblyName.StartsWith($"CaseFlow.{m}.", StringComparison.Ordinal));
}
