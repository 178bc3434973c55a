using CaseFlow.Approval.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Persistence;

internal sealed class ApprovalDbContext(DbContextOptions<ApprovalDbContext> options) : DbContext(options)
{
    public DbSet<DepartmentTask> DepartmentTasks => Set<DepartmentTask>();

    public DbSet<ApprovalCase> Cases => Set<ApprovalCase>();

    public DbSet<Opinion> Opinions => Set<Opinion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DepartmentTask>(task =>
        {
            task.HasKey(t => t.Id);
            task.Property(t => t.State).HasConversion<string>();
            task.Property(t => t.Kind).HasConversion<string>();
        });
        modelBuilder.Entity<ApprovalCase>(c =>
        {
            c.ToTable("approval_cases");
            c.HasKey(x => new { x.RegionCode, x.CaseNumber });
            c.Property(x => x.CaseType).HasConversion<string>();
            c.Property(x => x.Result).HasConversion<string>();
        });
        modelBuilder.Entity<Opinion>(o =>
        {
            o.HasKey(x => x.Id);
            o.Property(x => x.Kind).HasConversion<string>();
            o.Property(x => x.Text).HasColumnName("opinion");
        });
        modelBuilder.AddOutbox();
        modelBuilder.UseModuleConventions(ApprovalModule.Schema);
    }
}

internal sealed class DepartmentTask
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public required string DepartmentCode { get; init; }

    public Guid InstanceId { get; init; }

    public required string ProcessTaskId { get; init; }

    public required string ElementId { get; init; }

    public DepartmentTaskKind Kind { get; init; }

    public DepartmentTaskState State { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset OpenedAt { get; init; }

    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public DepartmentTaskDto ToDto() => new(Id, CaseNumber, DepartmentCode, Kind, State, DueAt, OpenedAt, ClaimedBy, ClaimedAt);
}

internal sealed class ApprovalCase
{
    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public required string ServiceItemCode { get; init; }

    public CaseType CaseType { get; init; }

    public required string LeadDepartment { get; init; }

    public List<string> CoDepartments { get; init; } = [];

    public required string ProcessKey { get; init; }

    public Guid? InstanceId { get; set; }

    public DateTimeOffset CommittedDueAt { get; init; }

    public DateTimeOffset AcceptedAt { get; init; }

    public ApprovalResult? Result { get; set; }

    public string? Reasons { get; set; }

    public string? LegalBasis { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The Deadline clock of the committed limit (承诺时限), once started.</summary>
    public Guid? CommittedClockId { get; set; }

    /// <summary>The Deadline clock of the statutory limit (法定时限), once started.</summary>
    public Guid? StatutoryClockId { get; set; }

    /// <summary>Every department the case involves: the lead first, then the co-departments.</summary>
    public IEnumerable<string> Departments => new[] { LeadDepartment }.Concat(CoDepartments).Distinct(StringComparer.Ordinal);
}

internal sealed class Opinion
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public Guid DepartmentTaskId { get; init; }

    public required string DepartmentCode { get; init; }

    public DepartmentTaskKind Kind { get; init; }

    public required string Outcome { get; init; }

    public required string Text { get; init; }

    public string? Reasons { get; init; }

    public string? LegalBasis { get; init; }

    public required string SignedBy { get; init; }

    public DateTimeOffset SignedAt { get; init; }
}
