using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Deadline.Persistence;

internal sealed class DeadlineDbContext(DbContextOptions<DeadlineDbContext> options) : DbContext(options)
{
    public DbSet<CalendarEntity> Calendars => Set<CalendarEntity>();

    public DbSet<CalendarYear> CalendarYears => Set<CalendarYear>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

    public DbSet<Clock> Clocks => Set<Clock>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CalendarEntity>(c =>
        {
            c.ToTable("calendars");
            c.HasKey(x => x.Code);
        });
        modelBuilder.Entity<CalendarYear>().HasKey(y => new { y.CalendarCode, y.Year });
        modelBuilder.Entity<CalendarDay>(d =>
        {
            d.HasKey(x => new { x.CalendarCode, x.Day });
            d.Property(x => x.Kind).HasConversion<string>();
        });
        modelBuilder.Entity<Clock>(c =>
        {
            c.HasKey(x => x.Id);
            c.Property(x => x.Kind).HasConversion<string>();
            c.Property(x => x.State).HasConversion<string>();
            c.HasMany(x => x.Pauses).WithOne().HasForeignKey(p => p.ClockId);
        });
        modelBuilder.Entity<ClockPause>(p =>
        {
            p.ToTable("clock_pauses");
            p.HasKey(x => new { x.ClockId, x.Number });
            p.Property(x => x.Reason).HasConversion<string>();
        });
        modelBuilder.UseModuleConventions(DeadlineModule.Schema);
    }
}

internal sealed class CalendarEntity
{
    public required string Code { get; init; }

    public string? ParentCode { get; init; }

    public required string Name { get; set; }
}

internal sealed class CalendarYear
{
    public required string CalendarCode { get; init; }

    public int Year { get; init; }

    public required string Source { get; init; }
}

internal enum DayKind
{
    Holiday,
    Workday,
}

internal sealed class CalendarDay
{
    public required string CalendarCode { get; init; }

    public DateOnly Day { get; init; }

    public DayKind Kind { get; init; }

    public required string Name { get; init; }
}

internal sealed class Clock
{
    public Guid Id { get; init; }

    public required string OwnerKey { get; init; }

    public ClockKind Kind { get; init; }

    public required string CalendarCode { get; init; }

    public int LimitDays { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public ClockState State { get; set; }

    public int ExtensionDays { get; set; }

    public bool ExtensionJoint { get; set; }

    public string? ExtensionApprovedBy { get; set; }

    public string? ExtensionReason { get; set; }

    public DateTimeOffset? ExtendedAt { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }

    public DateTimeOffset WarnAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? WarnedAt { get; init; }

    public DateTimeOffset? OverdueAt { get; init; }

    public List<ClockPause> Pauses { get; init; } = [];

    public ClockDto ToDto() => new(
        Id,
        OwnerKey,
        Kind,
        CalendarCode,
        State,
        LimitDays,
        ExtensionDays,
        StartedAt,
        WarnAt,
        DueAt,
        StoppedAt,
        WarnedAt,
        OverdueAt,
        [.. Pauses.OrderBy(p => p.Number).Select(p => new ClockPauseDto(p.Reason, p.NoticeReference, p.PausedAt, p.ResumedAt))],
        ExtendedAt is { } extendedAt ? new ClockExtensionDto(ExtensionDays, ExtensionJoint, ExtensionApprovedBy!, ExtensionReason!, extendedAt) : null);
}

internal sealed class ClockPause
{
    public Guid ClockId { get; init; }

    public int Number { get; init; }

    public PauseReason Reason { get; init; }

    public required string NoticeReference { get; init; }

    public DateTimeOffset PausedAt { get; init; }

    public DateTimeOffset? ResumedAt { get; set; }
}
