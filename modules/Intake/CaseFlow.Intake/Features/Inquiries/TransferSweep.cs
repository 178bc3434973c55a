using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Scheduling;
using CaseFlow.Supervision.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Intake.Features.Inquiries;

/// <summary>
/// Escalates transfers nobody acknowledged in time to the e-supervision ledger (rule 1: unacknowledged transfers
/// escalate; rule 5: supervisors see it). Due rows are claimed with FOR UPDATE SKIP LOCKED over the partial index of
/// pending acknowledgements, so nodes share the work and cost follows what is due, not how many inquiries exist.
/// The ledger is idempotent on the transfer, so a crash between the ledger entry and the mark still records it once.
/// The cadence is a recurring job of the Host's clustered scheduler (one node per firing; transfers are a few a day,
/// so one query a firing replaces every node polling); the claim stays SKIP LOCKED, so an overlap is still safe.
/// </summary>
internal sealed class InquiryTransferSweep(InquiriesDbContext db, ISender sender, TimeProvider clock, IOptions<InquiryOptions> options, ILogger<InquiryTransferSweep> logger)
    : IRecurringJob
{
    private const int BatchSize = 100;

    public string Name => "intake.inquiry-transfer-escalation";

    public string Cron => options.Value.SweepCron;

    public async Task RunAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        int escalated;
        do
        {
            escalated = await SweepOnceAsync(cancellationToken);
            if (escalated > 0)
            {
                logger.LogInformation("Escalated {Count} unacknowledged inquiry transfers", escalated);
            }
        }
        while (escalated == BatchSize);
    }

    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Transfers
            .FromSqlInterpolated(
                $"""
                SELECT * FROM intake.inquiry_transfers
                WHERE acknowledged_at IS NULL AND escalated_at IS NULL AND acknowledge_due_at <= {now}
                ORDER BY acknowledge_due_at
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        foreach (var transfer in due)
        {
            await sender.Send(
                new RecordLedgerEntry(
                    LedgerEntryKind.UnacknowledgedTransfer,
                    $"inquiry-transfer:{transfer.Id:N}",
                    "inquiry",
                    transfer.InquiryId.ToString(),
                    transfer.FromId,
                    $"Transfer of inquiry {transfer.InquiryId} from {transfer.FromName} to {transfer.ToKind.ToString().ToLowerInvariant()} {transfer.ToCode} "
                        + $"was not acknowledged by {transfer.AcknowledgeDueAt:u}; {transfer.FromName} remains accountable.",
                    now),
                cancellationToken);
            transfer.EscalatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }
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
