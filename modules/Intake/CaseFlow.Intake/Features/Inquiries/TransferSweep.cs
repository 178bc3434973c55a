using CaseFlow.Intake.Features.Cases;
using CaseFlow.Kernel.Handovers;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Scheduling;
using CaseFlow.Supervision.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Intake.Features.Inquiries;

/// <summary>
/// Escalates inquiry transfers nobody acknowledged in time to the e-supervision ledger, once per transfer (the Kernel's
/// <see cref="HandoverEscalationJob{THandover}"/>: SKIP LOCKED claims over the partial index of pending acknowledgements,
/// marked and reported in one transaction). The ledger entry goes through the outbox and is idempotent on the transfer.
/// </summary>
internal sealed class InquiryTransferSweep(InquiriesDbContext db, TimeProvider clock, IOptions<InquiryOptions> options, ILogger<InquiryTransferSweep> logger)
    : HandoverEscalationJob<InquiryTransfer>(db, clock, logger)
{
    public override string Name => "intake.inquiry-transfer-escalation";

    public override string Cron => options.Value.SweepCron;

    protected override Task<IReadOnlyList<INotification>> EscalatedAsync(IReadOnlyList<InquiryTransfer> due, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<INotification>>([.. due.Select(transfer => new LedgerEntryDue(new RecordLedgerEntry(
            LedgerEntryKind.UnacknowledgedTransfer,
            $"inquiry-transfer:{transfer.Id:N}",
            "inquiry",
            transfer.InquiryId.ToString(),
            transfer.FromId,
            $"Transfer of inquiry {transfer.InquiryId} from {transfer.FromName} to {transfer.ToKind.ToString().ToLowerInvariant()} {transfer.ToCode} "
                + $"was not acknowledged by {transfer.AcknowledgeDueAt:u}; {transfer.FromName} remains accountable.",
            now)))]);
}

internal static class InquiriesRegistration
{
    public static IServiceCollection AddInquiries(this IServiceCollection services)
    {
        services.AddDbContext<InquiriesDbContext>((sp, o) =>
            Kernel.Persistence.ModuleDatabase.Configure(o, sp.GetRequiredService<NpgsqlDataSource>(), IntakeModule.Schema));
        services.AddOptions<InquiryOptions>().BindConfiguration("CaseFlow:Inquiries");
        services.AddRecurringJob<InquiryTransferSweep>();
        return services;
    }
}
