using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Handovers;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Routing.Contracts;
using CaseFlow.Routing.Features.Transfers;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Routing.Persistence;

internal sealed class RoutingDbContext(DbContextOptions<RoutingDbContext> options) : DbContext(options)
{
    public DbSet<Department> Departments => Set<Department>();

    public DbSet<ServiceWindow> Windows => Set<ServiceWindow>();

    public DbSet<RoutedCase> RoutedCases => Set<RoutedCase>();

    public DbSet<CaseHolder> CaseHolders => Set<CaseHolder>();

    public DbSet<CaseTransfer> CaseTransfers => Set<CaseTransfer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Department>().HasKey(d => new { d.RegionCode, d.Code });
        modelBuilder.Entity<ServiceWindow>(w =>
        {
            w.ToTable("windows");
            w.HasKey(x => new { x.RegionCode, x.Code });
        });
        modelBuilder.Entity<RoutedCase>().HasKey(r => new { r.RegionCode, r.CaseNumber, r.DepartmentCode });
        modelBuilder.Entity<CaseHolder>(h =>
        {
            h.HasKey(x => new { x.RegionCode, x.CaseNumber });
            h.Property(x => x.HolderKind).HasConversion<string>();
        });
        modelBuilder.Entity<CaseTransfer>(t =>
        {
            t.HasKey(x => x.Id);
            t.Property(x => x.FromKind).HasConversion<string>();
            t.Property(x => x.ToKind).HasConversion<string>();
        });
        modelBuilder.AddOutbox();
        modelBuilder.UseModuleConventions(RoutingModule.Schema);
    }
}

internal sealed class Department
{
    public required string RegionCode { get; init; }

    public required string Code { get; init; }

    public required string Name { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    public DepartmentDto ToDto() => new(Code, Name, Active);
}

internal sealed class ServiceWindow
{
    public required string RegionCode { get; init; }

    public required string Code { get; init; }

    public required string Name { get; set; }

    public string? DepartmentCode { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}

internal enum HolderKind
{
    Window,
    Department,

    /// <summary>A staff member in person: the first contact who has no window (an administrator registering a case).</summary>
    Person,
}

internal sealed class RoutedCase
{
    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public required string DepartmentCode { get; init; }

    public bool Lead { get; init; }

    public required string ServiceItemCode { get; init; }

    public DateTimeOffset AcceptedAt { get; init; }
}

internal sealed class CaseHolder
{
    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public HolderKind HolderKind { get; set; }

    public required string HolderCode { get; set; }

    public string? AccountableId { get; set; }

    public string? AccountableName { get; set; }

    public string? CenterCode { get; init; }

    /// <summary>The staff member who received the case (首问责任人), accountable from acceptance.</summary>
    public string? FirstContactId { get; init; }

    public string? FirstContactName { get; init; }

    public string? FirstContactWindow { get; init; }

    public DateTimeOffset? AcceptedAt { get; init; }
}

/// <summary>A handover of a case (rule 1), with the acknowledgement and escalation the Kernel's <see cref="Handover"/> keeps.</summary>
internal sealed class CaseTransfer : Handover
{
    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public HolderKind FromKind { get; init; }

    public required string FromCode { get; init; }

    public required string RequestedBy { get; init; }

    public required string RequestedByName { get; init; }

    public HolderKind ToKind { get; init; }

    protected override string HandedOverBy => RequestedBy;

    protected override bool IsAddressedTo(Actor actor) => Custody.CodeOf(actor, ToKind) == ToCode;
}
