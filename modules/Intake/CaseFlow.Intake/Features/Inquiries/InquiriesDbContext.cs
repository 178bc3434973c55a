using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Handovers;
using CaseFlow.Kernel.Outbox;
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
        modelBuilder.AddOutbox();
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

/// <summary>A handover of an inquiry (rule 1), with the acknowledgement and escalation the Kernel's <see cref="Handover"/> keeps.</summary>
internal sealed class InquiryTransfer : Handover
{
    public required string RegionCode { get; init; }

    public Guid InquiryId { get; init; }

    public required string FromId { get; init; }

    public required string FromName { get; init; }

    public TransferTarget ToKind { get; init; }

    protected override string HandedOverBy => FromId;

    protected override bool IsAddressedTo(Actor actor) => ToKind switch
    {
        TransferTarget.Window => actor.WindowCode == ToCode,
        TransferTarget.Department => actor.DepartmentCode == ToCode,
        _ => actor.Id == ToCode,
    };
}
