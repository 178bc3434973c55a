using CaseFlow.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Deadline.Persistence;

internal sealed class DeadlineDbContext(DbContextOptions<DeadlineDbContext> options) : DbContext(options)
{
    public DbSet<CalendarEntity> Calendars => Set<CalendarEntity>();

    public DbSet<CalendarYear> CalendarYears => Set<CalendarYear>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

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
