using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Inquiries;

/// <summary>The inquiries feature's own context over the intake schema (one DbContext per feature; migrations stay the module's).</summary>
internal sealed class InquiriesDbContext(DbContextOptions<InquiriesDbContext> options) : DbContext(options)
{
    public DbSet<Inquiry> Inquiries => Set<Inquiry>();

    public DbSet<InquiryTransfer> Transfers => Set<InquiryTransfer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Inquiry>(inquiry =>
        {
            inquiry.HasKey(i => i.Id);
            inquiry.Property(i => i.State).HasConversion<string>();
        });
        modelBuilder.Entity<InquiryTransfer>(transfer =>
        {
            transfer.ToTable("inquiry_transfers");
            transfer.HasKey(t => t.Id);
            transfer.Property(t => t.ToKind).HasConversion<string>();
        });
        modelBuilder.UseModuleConventions(IntakeModule.Schema);
    }
}

internal sealed class Inquiry
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public required string Subject { get; init; }

    public required string Question { get; init; }

    public string? ApplicantName { get; init; }

    public required string RecordedBy { get; init; }

    public required string RecordedByName { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public required string AccountableId { get; set; }

    public required string AccountableName { get; set; }

    public InquiryState State { get; set; }

    public string? Answer { get; set; }

    public string? AnsweredBy { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}

internal sealed class InquiryTransfer
{
    public Guid Id { get; init; }

    public required string RegionCode { get; init; }

    public Guid InquiryId { get; init; }

    public required string FromId { get; init; }

    public required string FromName { get; init; }

    public TransferTarget ToKind { get; init; }

    public required string ToCode { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset AcknowledgeDueAt { get; init; }

    public string? AcknowledgedBy { get; set; }

    public string? AcknowledgedByName { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }
}
