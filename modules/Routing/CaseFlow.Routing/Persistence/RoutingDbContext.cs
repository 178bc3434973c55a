using CaseFlow.Kernel.Persistence;
using CaseFlow.Routing.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Routing.Persistence;

internal sealed class RoutingDbContext(DbContextOptions<RoutingDbContext> options) : DbContext(options)
{
    public DbSet<Department> Departments => Set<Department>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Department>().HasKey(d => new { d.RegionCode, d.Code });
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
