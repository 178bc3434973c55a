using CaseFlow.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Host.Access;

internal sealed class AccessDbContext(DbContextOptions<AccessDbContext> options) : DbContext(options)
{
    public const string Schema = "access";

    public DbSet<StaffAccount> StaffAccounts => Set<StaffAccount>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StaffAccount>().HasKey(s => s.Id);
        modelBuilder.Entity<ApiKey>().HasKey(k => k.Id);
        modelBuilder.Entity<DataProtectionKey>().HasKey(k => k.FriendlyName);
        modelBuilder.UseModuleConventions(Schema);
    }
}

internal sealed class StaffAccount
{
    public Guid Id { get; init; }

    public required string Login { get; init; }

    public required string DisplayName { get; set; }

    public string PasswordHash { get; set; } = string.Empty;

    public List<string> Roles { get; set; } = [];

    public required string CenterCode { get; set; }

    public string? DepartmentCode { get; set; }

    public string? WindowCode { get; set; }

    public int FailedSignIns { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class ApiKey
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    public required string KeyHash { get; init; }

    public List<string> Roles { get; init; } = [];

    public required string CenterCode { get; init; }

    public string? DepartmentCode { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class DataProtectionKey
{
    public required string FriendlyName { get; init; }

    public required string Xml { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
