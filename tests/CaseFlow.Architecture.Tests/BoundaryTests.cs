using System.Reflection;
using System.Runtime.CompilerServices;
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

    [Test]
    public void Modules_let_no_one_but_tests_see_their_internals()
    {
        var violations = ModuleAssemblies.SelectMany(m => Rules.ModulesGrantInternalsOnlyToTests(m.Module)).ToList();

        violations.ShouldBeEmpty();
    }

    [Test]
    public void A_module_letting_the_host_see_its_internals_is_caught()
    {
        var violating = new FakeAssembly("CaseFlow.Intake") { Friends = ["CaseFlow.Intake.Tests", "CaseFlow.Host"] };

        var violations = Rules.ModulesGrantInternalsOnlyToTests(violating).ToList();

        violations.ShouldHaveSingleItem().ShouldStartWith("CaseFlow.Intake lets CaseFlow.Host see its internals");
    }

    [Test]
    public void Modules_expose_nothing_public_but_their_module_class()
    {
        var violations = ModuleAssemblies.SelectMany(m => Rules.ModulesExposeOnlyTheirEntryPoint(m.Module)).ToList();

        violations.ShouldBeEmpty();
    }

    [Test]
    public void A_module_making_a_feature_public_is_caught()
    {
        var violating = new FakeAssembly("CaseFlow.Intake") { Exported = [typeof(IntakeModule), typeof(CaseFlow.Intake.Persistence.IntakeDbContext)] };

        var violations = Rules.ModulesExposeOnlyTheirEntryPoint(violating).ToList();

        violations.ShouldHaveSingleItem().ShouldContain("CaseFlow.Intake.Persistence.IntakeDbContext");
    }

    [Test]
    public void The_host_and_its_pages_reach_modules_only_through_contracts_and_their_module_class()
    {
        var host = Assembly.Load("CaseFlow.Host");
        // The scan sees into the pages' code: the window desk's registration form sends Intake's RegisterCase.
        host.GetTypes().Where(t => t.Namespace == "CaseFlow.Host.Ui.Pages.Desk").SelectMany(Rules.TypesUsedBy)
            .ShouldContain(typeof(CaseFlow.Intake.Contracts.RegisterCase));

        var violations = Rules.HostUsesModulesOnlyThroughContracts(host.GetTypes()).ToList();

        violations.ShouldBeEmpty();
    }

    [Test]
    public void A_page_using_a_module_type_outside_its_contracts_is_caught()
    {
        var violations = Rules.HostUsesModulesOnlyThroughContracts([typeof(PageReachingIntoIntake)]).ToList();

        violations.ShouldContain(v => v.Contains("uses CaseFlow.Intake.Persistence.IntakeCase ", StringComparison.Ordinal));
        violations.ShouldContain(v => v.Contains("uses CaseFlow.Intake.Features.Cases.CaseNumbers ", StringComparison.Ordinal));
        violations.ShouldAllBe(v => v.StartsWith(typeof(PageReachingIntoIntake).FullName!, StringComparison.Ordinal));
        violations.ShouldNotContain(v => v.Contains(nameof(IntakeModule), StringComparison.Ordinal) || v.Contains(".Contracts.", StringComparison.Ordinal));
    }

    [Test]
    public void A_page_using_contracts_and_the_module_class_passes()
    {
        var violations = Rules.HostUsesModulesOnlyThroughContracts([typeof(PageUsingContracts)]).ToList();

        violations.ShouldBeEmpty();
    }

    /// <summary>An assembly that claims a name, references, friends and public types, to feed a rule a known violation.</summary>
    private sealed class FakeAssembly(string name, params string[] references) : Assembly
    {
        public string[] Friends { get; init; } = [];

        public Type[] Exported { get; init; } = [];

        public override AssemblyName GetName() => new(name);

        public override AssemblyName[] GetReferencedAssemblies() => [.. references.Select(r => new AssemblyName(r))];

        public override object[] GetCustomAttributes(Type attributeType, bool inherit) =>
            attributeType == typeof(InternalsVisibleToAttribute) ? [.. Friends.Select(f => new InternalsVisibleToAttribute(f))] : [];

        public override Type[] GetExportedTypes() => Exported;
    }
}

/// <summary>What a page must not do: hold a module's row and call into its feature code (this assembly may see Intake's internals).</summary>
internal sealed class PageReachingIntoIntake
{
    private CaseFlow.Intake.Persistence.IntakeCase? _row;

    public string Number(int year)
    {
        _row = null;
        return CaseFlow.Intake.Features.Cases.CaseNumbers.Reception(year, 1) + _row?.ReceptionNumber + IntakeModule.Schema;
    }

    public static CaseFlow.Intake.Contracts.ReadCase Request(CaseFlow.Kernel.Access.Actor actor) => new("R2026-000001", actor, Unmask: false);
}

/// <summary>What a page may do: send a module's contracts and name its module class.</summary>
internal sealed class PageUsingContracts
{
    private readonly List<CaseFlow.Intake.Contracts.CaseView> _cases = [];

    public int Count => _cases.Count;

    public static object Request(CaseFlow.Kernel.Access.Actor actor) => new CaseFlow.Intake.Contracts.ReadCase("R2026-000001", actor, Unmask: false);

    public static Type Module() => typeof(IntakeModule);
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
