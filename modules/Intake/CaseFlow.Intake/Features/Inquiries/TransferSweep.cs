using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Intake.Features.Inquiries;

/// <summary>
/// Escalates transfers nobody acknowledged in time to the e-supervision ledger (rule 1: unacknowledged transfers
/// escalate; rule 5: supervisors see it). Due rows are claimed with FOR UPDATE SKIP LOCKED over the partial index of
/// pending acknowledgements, so nodes share the work and cost follows what is due, not how many inquiries exist.
/// The ledger is idempotent on the transfer, so a crash between the ledger entry and the mark still records it once.
/// </summary>
internal sealed class InquiryTransferSweep(IServiceScopeFactory scopes, TimeProvider clock, IOptions<InquiryOptions> options, ILogger<InquiryTransferSweep> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InquiriesDbContext>();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var escalated = 0;
            try
            {
                escalated = await SweepOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or DbUpdateException)
            {
                logger.LogWarning(ex, "The inquiry transfer sweep failed; retrying");
            }

            if (escalated < BatchSize)
            {
                try
                {
                    await Task.Delay(options.Value.SweepInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

internal static class InquiriesRegistration
{
    public static IServiceCollection AddInquiries(this IServiceCollection services)
    {
        services.AddDbContext<InquiriesDbContext>((sp, o) =>
            Kernel.Persistence.ModuleDatabase.Configure(o, sp.GetRequiredService<NpgsqlDataSource>(), IntakeModule.Schema));
        services.AddOptions<InquiryOptions>().BindConfiguration("CaseFlow:Inquiries");
        services.AddSingleton<InquiryTransferSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<InquiryTransferSweep>());
        return services;
    }
}
