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

    public DbSet<SpecialProcedure> SpecialProcedures => Set<SpecialProcedure>();

    public DbSet<CaseExtension> Extensions => Set<CaseExtension>();

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
        modelBuilder.Entity<SpecialProcedure>(p =>
        {
            p.HasKey(x => x.Id);
            p.Property(x => x.Kind).HasConversion<string>();
        });
        modelBuilder.Entity<CaseExtension>(e =>
        {
            e.ToTable("case_extensions");
            e.HasKey(x => x.Id);
            e.Property(x => x.State).HasConversion<string>();
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

/// <summary>A special procedure (hearing, expert review, inspection, public notice) during which both case clocks are paused.</summary>
internal sealed class SpecialProcedure
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public SpecialProcedureKind Kind { get; init; }

    public required string NoticeReference { get; init; }

    public int? PlannedWorkingDays { get; init; }

    public required string Reason { get; init; }

    public required string StartedBy { get; init; }

    public required string StartedByName { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public string? EndedBy { get; set; }

    public string? EndedByName { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The committed clock's due moment once the procedure ended (the pause's working days added).</summary>
    public DateTimeOffset? CommittedDueAt { get; set; }

    public SpecialProcedureDto ToDto() => new(
        Id, CaseNumber, Kind, NoticeReference, PlannedWorkingDays, Reason, StartedBy, StartedByName, StartedAt, EndedBy, EndedByName, EndedAt, CommittedDueAt);
}

/// <summary>A case's extension request (rule 3: once, with approval) and its decision.</summary>
internal sealed class CaseExtension
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public int WorkingDays { get; init; }

    public required string Reason { get; init; }

    public ExtensionState State { get; set; }

    public required string RequestedBy { get; init; }

    public required string RequestedByName { get; init; }

    public required string RequestedByDepartment { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public string? DecidedBy { get; set; }

    public string? DecidedByName { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }

    /// <summary>Whether the approval also extends the statutory clock (art. 42), because the committed one would pass it.</summary>
    public bool StatutoryExtended { get; set; }

    /// <summary>The committed clock's due moment once the extension was applied.</summary>
    public DateTimeOffset? CommittedDueAt { get; set; }

    public CaseExtensionDto ToDto() => new(
        Id, CaseNumber, WorkingDays, Reason, State, RequestedBy, RequestedByName, RequestedByDepartment, RequestedAt,
        DecidedBy, DecidedByName, DecidedAt, DecisionNote, StatutoryExtended, CommittedDueAt);
}
