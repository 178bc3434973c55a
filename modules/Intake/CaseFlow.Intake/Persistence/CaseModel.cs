using System.Text.Json;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Intake.Persistence;

internal enum OverrideKind
{
    SecondNotice,
    Refusal,
}

internal sealed class IntakeCase
{
    public long Id { get; init; }

    public required string RegionCode { get; init; }

    public required string CenterCode { get; init; }

    public required string ReceptionNumber { get; init; }

    public string? CaseNumber { get; set; }

    public required string ServiceItemCode { get; init; }

    public int ServiceItemVersion { get; init; }

    /// <summary>The item's version as it was at registration: the case keeps it whatever the catalogue does later.</summary>
    public required ServiceItemDto ServiceItem { get; init; }

    public ApplicantKind ApplicantKind { get; init; }

    public required string ApplicantName { get; init; }

    public string? ApplicantIdNumber { get; init; }

    public string? ApplicantCreditCode { get; init; }

    public required string ApplicantPhone { get; init; }

    public List<CaseMaterial> Materials { get; set; } = [];

    public CaseState State { get; set; }

    public bool Deemed { get; set; }

    public required string FirstContactId { get; init; }

    public required string FirstContactName { get; init; }

    /// <summary>The first contact's window at registration, if they work at one.</summary>
    public string? Window { get; init; }

    public Guid? ProcessInstanceId { get; set; }

    public DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateOnly? CommittedDate { get; set; }

    public DateTimeOffset? RefusedAt { get; set; }

    public RefusalRecord? Refusal { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The identifier the applicant registered with: the resident ID of a person, the credit code of an organization.</summary>
    public string ApplicantKey => ApplicantKind == ApplicantKind.Person ? ApplicantIdNumber! : ApplicantCreditCode!;
}

internal sealed class DeficiencyNotice
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public int Sequence { get; init; }

    public NoticeStage Stage { get; init; }

    public List<NoticeItem> Items { get; init; } = [];

    public string? IssuedBy { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    public long? OverrideId { get; init; }

    public string? JobId { get; init; }

    /// <summary>The process instance whose review asked for this supplement (review stage only).</summary>
    public Guid? InstanceId { get; init; }

    /// <summary>When the window recorded the supplement that answered this review-stage request.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }
}

internal sealed class SupervisorOverride
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public OverrideKind Kind { get; init; }

    public List<string> Materials { get; init; } = [];

    public required string Reason { get; init; }

    public required string GrantedBy { get; init; }

    public required string GrantedByName { get; init; }

    public DateTimeOffset GrantedAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class HandledJob
{
    public required string JobId { get; init; }

    public required string Handler { get; init; }

    public long? CaseId { get; init; }

    public DateTimeOffset HandledAt { get; init; }
}

internal sealed class PersonalDataRead
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string ActorId { get; init; }

    public required string ActorName { get; init; }

    public DateTimeOffset ReadAt { get; init; }
}

internal static class CaseModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the reception and acceptance tables (migrations 0002–0003) and the module's outbox.</summary>
    public static ModelBuilder ConfigureCases(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ServiceItem>(item =>
        {
            item.Property(i => i.Materials).AsJson();
            item.Property(i => i.Faq).AsJson();
        });
        modelBuilder.Entity<ServiceItemVersion>(version =>
        {
            version.HasKey(v => new { v.ServiceItemId, v.Version });
            version.Property(v => v.Snapshot).AsJson();
        });
        modelBuilder.Entity<IntakeCase>(entity =>
        {
            entity.ToTable("cases");
            entity.HasKey(c => c.Id);
            entity.Property(c => c.Id).UseIdentityAlwaysColumn();
            entity.Property(c => c.ServiceItem).AsJson();
            entity.Property(c => c.Materials).AsJson();
            entity.Property(c => c.Refusal).AsJson();
            entity.Property(c => c.ApplicantKind).HasConversion<string>();
            entity.Property(c => c.State).HasConversion<string>();
            entity.Property(c => c.Window).HasColumnName("window_code");
            entity.Ignore(c => c.ApplicantKey);
        });
        modelBuilder.Entity<DeficiencyNotice>(notice =>
        {
            notice.HasKey(n => n.Id);
            notice.Property(n => n.Id).UseIdentityAlwaysColumn();
            notice.Property(n => n.Items).AsJson();
            notice.Property(n => n.Stage).HasConversion<string>();
        });
        modelBuilder.Entity<SupervisorOverride>(grant =>
        {
            grant.HasKey(o => o.Id);
            grant.Property(o => o.Id).UseIdentityAlwaysColumn();
            grant.Property(o => o.Kind).HasConversion<string>();
        });
        modelBuilder.Entity<HandledJob>(job => job.HasKey(j => j.JobId));
        modelBuilder.Entity<PersonalDataRead>(read =>
        {
            read.HasKey(r => r.Id);
            read.Property(r => r.Id).UseIdentityAlwaysColumn();
        });
        modelBuilder.AddOutbox();
        return modelBuilder;
    }

    /// <summary>A jsonb column holding <typeparamref name="T"/> as web-style JSON (the data source has no dynamic JSON mapping).</summary>
    private static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property) =>
        property
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                s => JsonSerializer.Deserialize<T>(s, Json)!,
                new ValueComparer<T>(
                    (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                    v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json), Json)!))
            .HasColumnType("jsonb");
}
