using CaseFlow.Approval.Contracts;
using CaseFlow.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Persistence;

internal sealed class ApprovalDbContext(DbContextOptions<ApprovalDbContext> options) : DbContext(options)
{
    public DbSet<DepartmentTask> DepartmentTasks => Set<DepartmentTask>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DepartmentTask>(task =>
        {
            task.HasKey(t => t.Id);
            task.Property(t => t.State).HasConversion<string>();
        });
        modelBuilder.UseModuleConventions(ApprovalModule.Schema);
    }
}

internal sealed class DepartmentTask
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public required string CaseNumber { get; init; }

    public required string DepartmentCode { get; init; }

    public DepartmentTaskState State { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset OpenedAt { get; init; }

    public DepartmentTaskDto ToDto() => new(Id, CaseNumber, DepartmentCode, State, DueAt, OpenedAt);
}
