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
            item.Property(i => i.Level).HasConversion<string>();
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

    public string ItemType { get; set; } = string.Empty;

    public ServiceLevel Level { get; set; }

    public string ImplementingBody { get; set; } = string.Empty;

    public bool FeeCharged { get; set; }

    public string FeeStandard { get; set; } = string.Empty;

    public int OnSiteVisits { get; set; }

    public string OfficeHours { get; set; } = string.Empty;

    public string Location { get; set; } = string.Empty;

    public string InquiryPhone { get; set; } = string.Empty;

    public string ComplaintPhone { get; set; } = string.Empty;

    public List<FaqEntry> Faq { get; set; } = [];

    public string Workflow { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    public ServiceItemDto ToDto() => new(Code, Name, CaseType, LeadDepartment, [.. CoDepartments], CommittedLimitDays, StatutoryLimitDays, Published, Version)
    {
        Materials = [.. Materials],
        Conditions = Conditions,
        LegalBasis = LegalBasis,
        ItemType = ItemType,
        Level = Level,
        ImplementingBody = ImplementingBody,
        FeeCharged = FeeCharged,
        FeeStandard = FeeStandard,
        OnSiteVisits = OnSiteVisits,
        OfficeHours = OfficeHours,
        Location = Location,
        InquiryPhone = InquiryPhone,
        ComplaintPhone = ComplaintPhone,
        Faq = [.. Faq],
        Workflow = Workflow,
    };

    /// <summary>Takes every editable field of <paramref name="fields"/> (not the code, not the version).</summary>
    public void Apply(ServiceItemDto fields)
    {
        Name = fields.Name;
        CaseType = fields.CaseType;
        LeadDepartment = fields.LeadDepartment;
        CoDepartments = [.. fields.CoDepartments];
        CommittedLimitDays = fields.CommittedLimitDays;
        StatutoryLimitDays = fields.StatutoryLimitDays;
        Published = fields.Published;
        Materials = [.. fields.Materials];
        Conditions = fields.Conditions;
        LegalBasis = fields.LegalBasis;
        ItemType = fields.ItemType;
        Level = fields.Level;
        ImplementingBody = fields.ImplementingBody;
        FeeCharged = fields.FeeCharged;
        FeeStandard = fields.FeeStandard;
        OnSiteVisits = fields.OnSiteVisits;
        OfficeHours = fields.OfficeHours;
        Location = fields.Location;
        InquiryPhone = fields.InquiryPhone;
        ComplaintPhone = fields.ComplaintPhone;
        Faq = [.. fields.Faq];
        Workflow = fields.Workflow;
    }
}
