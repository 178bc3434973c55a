using System.Text.Json;
using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Workflow;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Features.Completion;

/// <summary>Records an approval's result once and announces CaseCompleted through the outbox in the same transaction.</summary>
internal sealed class ResultRecorder(ApprovalDbContext db, TimeProvider clock)
{
    public async Task<ServiceTaskResult> RecordAsync(ServiceTaskRequest task, ApprovalResult result, CancellationToken cancellationToken)
    {
        var caseNumber = task.BusinessKey ?? throw new InvalidOperationException($"The service task {task.ElementId} of instance {task.InstanceId} has no case number.");
        var reasons = Text(task.Variables, "refusalReasons");
        var legalBasis = Text(task.Variables, "legalBasis");
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Delivery is at least once: only the first run finds the case open, so the notification is written once.
        var recorded = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            UPDATE approval.approval_cases SET result = {result.ToString()}, reasons = {reasons}, legal_basis = {legalBasis}, completed_at = {now}
            WHERE region_code = {ApprovalModule.DefaultRegion} AND case_number = {caseNumber} AND completed_at IS NULL
            """,
            cancellationToken);
        if (recorded == 1)
        {
            db.AddNotification(new CaseCompleted(caseNumber, result, reasons, legalBasis, now), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ServiceTaskResult(new Dictionary<string, object?>(StringComparer.Ordinal) { ["result"] = result.ToString(), ["completedAt"] = now.ToString("O") });
    }

    private static string? Text(IReadOnlyDictionary<string, object?> variables, string name) => variables.GetValueOrDefault(name) switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => null,
    };
}

internal sealed class DeliverResultHandler(ResultRecorder recorder) : IRequestHandler<DeliverResult, ServiceTaskResult>
{
    public Task<ServiceTaskResult> Handle(DeliverResult request, CancellationToken cancellationToken) =>
        recorder.RecordAsync(request, ApprovalResult.Approved, cancellationToken);
}

internal sealed class RefuseCaseHandler(ResultRecorder recorder) : IRequestHandler<RefuseCase, ServiceTaskResult>
{
    public Task<ServiceTaskResult> Handle(RefuseCase request, CancellationToken cancellationToken) =>
        recorder.RecordAsync(request, ApprovalResult.Refused, cancellationToken);
}
