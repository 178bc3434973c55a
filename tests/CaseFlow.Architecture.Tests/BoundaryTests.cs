using System.Reflection;
using CaseFlow.Approval;
using CaseFlow.Deadline;
using CaseFlow.Intake;
using CaseFlow.Routing;
using CaseFlow.Supervision;
using CaseFlow.Workflow;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Architecture.Tests;

public sealed class BoundaryTests
{
    private static readonly (Assembly Module, string Schema)[] ModuleAssemblies =
    [
        (typeof(IntakeModule).Assembly, IntakeModule.Schema),
        (typeof(RoutingModule).Assembly, RoutingModule.Schema),
        (typeof(ApprovalModule).Assembly, ApprovalModule.Schema),
        (typeof(DeadlineModule).Assembly, DeadlineModule.Schema),
        (typeof(SupervisionModule).Assembly, SupervisionModule.Schema),
    ];

    private static IEnumerable<Assembly> ContractAssemblies() =>
        ModuleAssemblies.Select(m => Assembly.Load(m.Module.GetName().Name + ".Contracts"));

    [Test]
    public void Every_module_of_the_design_is_checked()
    {
        ModuleAssemblies.Select(m => m.Module.GetName().Name).ShouldBe(Rules.Modules.Select(m => $"CaseFlow.{m}"));
        ContractAssemblies().Count().ShouldBe(5);
    }

    [Test]
    public void Modules_reach_other_modules_only_through_their_contracts()
    {
        var violations = ModuleAssemblies.SelectMany(m => Rules.ModulesReachOtherModulesOnlyThroughContracts(m.Module)).ToList();

        violations.ShouldBeEmpty();
    }

    [Test]
    public void A_module_referencing_another_modules_internals_is_caught()
    {
        var violating = new FakeAssembly("CaseFlow.Approval", "CaseFlow.Kernel", "CaseFlow.Intake.Contracts", "CaseFlow.Intake");

        var violations = Rules.ModulesReachOtherModulesOnlyThroughContracts(violating).ToList();

        violations.ShouldHaveSingleItem().ShouldContain("references CaseFlow.Intake;");
    }

    [Test]
    public void Contracts_reference_only_the_markers_and_primitives()
    {
        var violations = ContractAssemblies().SelectMany(Rules.ContractsReferenceOnlyMarkersAndPrimitives).ToList();

        violations.ShouldBeEmpty();
    }

    [Test]
    public void Contracts_referencing_the_kernel_or_a_framework_are_caught()
    {
        var violating = new FakeAssembly("CaseFlow.Routing.Contracts", "System.Runtime", "CaseFlow.Kernel.Contracts", "CaseFlow.Kernel", "Microsoft.EntityFrameworkCore");

        var violations = Rules.ContractsReferenceOnlyMarkersAndPrimitives(violating).ToList();

        violations.Count.ShouldBe(2);
    }

    [Test]
    public void The_workflow_runtime_references_no_module()
    {
        var violations = Rules.WorkflowReferencesNoModule(typeof(WorkflowAssembly).Assembly).ToList();

        violations.ShouldBeEmpty();
    }

    [Test]
    public void A_workflow_runtime_referencing_a_module_is_caught()
    {
        var violating = new FakeAssembly("CaseFlow.Workflow", "CaseFlow.Kernel", "CaseFlow.Deadline.Contracts");

        var violations = Rules.WorkflowReferencesNoModule(violating).ToList();

        violations.ShouldHaveSingleItem().ShouldContain("CaseFlow.Deadline.Contracts");
    }

    [Test]
    public void Each_module_db_context_keeps_its_tables_in_the_module_schema()
    {
        var violations = ModuleAssemblies.SelectMany(m => Rules.DbContextsUseTheirModuleSchema(m.Module, m.Schema)).ToList();

        violations.ShouldBeEmpty();
        ModuleAssemblies.ShouldAllBe(m => m.Module.GetTypes().Any(t => typeof(DbContext).IsAssignableFrom(t)));
    }

    [Test]
    public void A_db_context_writing_into_another_schema_is_caught()
    {
        var violations = Rules.DbContextsUseTheirModuleSchema(typeof(WrongSchemaContext).Assembly, "approval").ToList();

        violations.ShouldContain(v => v.Contains(nameof(WrongSchemaContext), StringComparison.Ordinal) && v.Contains("'intake'", StringComparison.Ordinal));
    }

    /// <summary>An assembly that claims a name and a list of references, to feed a rule a known violation.</summary>
    private sealed class FakeAssembly(string name, params string[] references) : Assembly
    {
        public override AssemblyName GetName() => new(name);

        public override AssemblyName[] GetReferencedAssemblies() => [.. references.Select(r => new AssemblyName(r))];
    }
}

/// <summary>A context that belongs to "approval" but maps a table into Intake's schema: the schema rule must catch it.</summary>
internal sealed class WrongSchemaContext(DbContextOptions<WrongSchemaContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("approval");
        modelBuilder.Entity<Stolen>().ToTable("service_items", "intake").HasKey(s => s.Id);
    }

    internal sealed class Stolen
    {
        public int Id { get; init; }
    }
}
