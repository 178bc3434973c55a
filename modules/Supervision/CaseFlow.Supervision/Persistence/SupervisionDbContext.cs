using CaseFlow.Kernel.Persistence;
using CaseFlow.Supervision.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Supervision.Persistence;

internal sealed class SupervisionDbContext(DbContextOptions<SupervisionDbContext> options) : DbContext(options)
{
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<Complaint> Complaints => Set<Complaint>();

    public DbSet<CaseFact> CaseFacts => Set<CaseFact>();

    public DbSet<Rating> Ratings => Set<Rating>();

    public DbSet<Rectification> Rectifications => Set<Rectification>();

    public DbSet<ReturnVisit> ReturnVisits => Set<ReturnVisit>();

    public DbSet<HotlineTicket> HotlineTickets => Set<HotlineTicket>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Kind).HasConversion<string>();
            entry.Property(e => e.State).HasConversion<string>();
        });
        modelBuilder.Entity<Complaint>(c =>
        {
            c.HasKey(e => e.Id);
            c.Property(e => e.Channel).HasConversion<string>();
            c.Property(e => e.Severity).HasConversion<string>();
            c.Property(e => e.State).HasConversion<string>();
        });
        modelBuilder.Entity<CaseFact>(c => c.HasKey(e => new { e.RegionCode, e.CaseNumber }));
        modelBuilder.Entity<Rating>(r =>
        {
            r.HasKey(e => e.Id);
            r.Property(e => e.Level).HasConversion<string>();
        });
        modelBuilder.Entity<Rectification>(r =>
        {
            r.HasKey(e => e.Id);
            r.Property(e => e.State).HasConversion<string>();
        });
        modelBuilder.Entity<ReturnVisit>(v =>
        {
            v.HasKey(e => e.Id);
            v.Property(e => e.State).HasConversion<string>();
            v.Property(e => e.Satisfaction).HasConversion<string>();
        });
        modelBuilder.Entity<HotlineTicket>(t =>
        {
            t.HasKey(e => e.Id);
            t.Property(e => e.Channel).HasConversion<string>();
            t.Property(e => e.State).HasConversion<string>();
        });
        modelBuilder.UseModuleConventions(SupervisionModule.Schema);
    }
}

internal sealed class LedgerEntry
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public LedgerEntryKind Kind { get; init; }

    public required string SourceKey { get; init; }

    public required string SubjectType { get; init; }

    public required string SubjectId { get; init; }

    public string? Actor { get; init; }

    public required string Summary { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public LedgerEntryState State { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? RectifiedAt { get; set; }

    public string? RectifiedBy { get; set; }

    public string? RectificationNote { get; set; }

    public LedgerEntryDto ToDto() =>
        new(Id, Kind, SubjectType, SubjectId, Actor, Summary, OccurredAt, State, AcknowledgedAt, AcknowledgedBy, RectifiedAt, RectifiedBy, RectificationNote);
}
