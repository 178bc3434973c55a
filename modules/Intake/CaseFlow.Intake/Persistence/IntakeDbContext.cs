using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Persistence;

internal sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options) : DbContext(options)
{
    public DbSet<ServiceItem> ServiceItems => Set<ServiceItem>();

    public DbSet<ServiceItemVersion> ServiceItemVersions => Set<ServiceItemVersion>();

    public DbSet<IntakeCase> Cases => Set<IntakeCase>();

    public DbSet<DeficiencyNotice> DeficiencyNotices => Set<DeficiencyNotice>();

    public DbSet<SupervisorOverride> SupervisorOverrides => Set<SupervisorOverride>();

    public DbSet<HandledJob> HandledJobs => Set<HandledJob>();

    public DbSet<PersonalDataRead> PersonalDataReads => Set<PersonalDataRead>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ServiceItem>(item =>
        {
            item.HasKey(i => i.Id);
            item.Property(i => i.Id).UseIdentityAlwaysColumn();
            item.Property(i => i.CaseType).HasConversion<string>();
            item.HasIndex(i => new { i.RegionCode, i.Code }).IsUnique();
        });
        modelBuilder.ConfigureCases();
        modelBuilder.UseModuleConventions(IntakeModule.Schema);
    }
}

internal sealed class ServiceItem
{
    public long Id { get; init; }

    public required string RegionCode { get; init; }

    public required string Code { get; init; }

    public required string Name { get; set; }

    public CaseType CaseType { get; set; }

    public required string LeadDepartment { get; set; }

    public List<string> CoDepartments { get; set; } = [];

    public int CommittedLimitDays { get; set; }

    public int StatutoryLimitDays { get; set; }

    public bool Published { get; set; }

    public int Version { get; set; } = 1;

    public List<MaterialRequirement> Materials { get; set; } = [];

    public string Conditions { get; set; } = string.Empty;

    public string LegalBasis { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    public ServiceItemDto ToDto() => new(Code, Name, CaseType, LeadDepartment, [.. CoDepartments], CommittedLimitDays, StatutoryLimitDays, Published, Version)
    {
        Materials = [.. Materials],
        Conditions = Conditions,
        LegalBasis = LegalBasis,
    };
}
