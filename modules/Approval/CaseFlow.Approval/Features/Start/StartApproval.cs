using CaseFlow.Approval.Features.Clocks;
using CaseFlow.Approval.Features.Tasks;
using CaseFlow.Approval.Persistence;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Approval.Features.Start;

/// <summary>
/// An accepted case goes to its departments on the process its service item version names (<see cref="CaseAccepted.Workflow"/>,
/// checked by the catalogue to fit the item: several departments review in parallel, rule 4: 一家牵头、并联审批); an event
/// written before it carried the key gets the case type's default. The outbox delivers CaseAccepted at least once, so a
/// redelivery must find the case and the process it started rather than start a second one.
/// </summary>
internal sealed class StartApprovalOnCaseAccepted(
    ApprovalDbContext db, ISender sender, TaskMirror mirror, CaseClocks clocks, ILogger<StartApprovalOnCaseAccepted> logger)
    : INotificationHandler<CaseAccepted>
{
    /// <summary>Working days the lead department keeps for distributing and deciding; the co-departments share the rest.</summary>
    internal const int LeadDays = 2;

    private static readonly TimeSpan CenterOffset = TimeSpan.FromHours(8);

    public async Task Handle(CaseAccepted notification, CancellationToken cancellationToken)
    {
        if (notification.CaseType == CaseType.Immediate)
        {
            // 即办件 are done on the spot at the window (immediate.bpmn): no department approval.
            logger.LogInformation("Case {Case} is an immediate item; no approval process", notification.CaseNumber);
            return;
        }

        var processKey = notification.Workflow is { Length: > 0 } workflow
            ? workflow
            : CaseWorkflows.Default(notification.CaseType, notification.CoDepartments);
        var acceptedDay = DateOnly.FromDateTime(notification.AcceptedAt.ToOffset(CenterOffset).DateTime);
        var due = await sender.Send(new AddWorkingDays(Calendars.National, acceptedDay, notification.CommittedLimitDays), cancellationToken);
        var committedDueAt = new DateTimeOffset(due.Due.ToDateTime(new TimeOnly(17, 30)), CenterOffset).ToUniversalTime();

        // Rule 3: the case's clocks start at acceptance (from receipt for a deemed acceptance); the case row names them
        // from the moment it exists.
        var (committedClock, statutoryClock) = await clocks.StartAsync(notification, cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO approval.approval_cases
                (region_code, case_number, service_item_code, case_type, lead_department, co_departments, process_key, committed_due_at, accepted_at,
                 committed_clock_id, statutory_clock_id)
            VALUES ({ApprovalModule.DefaultRegion}, {notification.CaseNumber}, {notification.ServiceItemCode}, {notification.CaseType.ToString()},
                    {notification.LeadDepartment}, {notification.CoDepartments.ToArray()}, {processKey}, {committedDueAt}, {notification.AcceptedAt},
                    {committedClock}, {statutoryClock})
            ON CONFLICT (region_code, case_number) DO UPDATE SET
                committed_clock_id = COALESCE(approval_cases.committed_clock_id, EXCLUDED.committed_clock_id),
                statutory_clock_id = COALESCE(approval_cases.statutory_clock_id, EXCLUDED.statutory_clock_id)
            """,
            cancellationToken);

        var coDepartments = notification.CoDepartments.Count > 0 ? notification.CoDepartments : [notification.LeadDepartment];
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [CaseWorkflows.LeadDepartmentVariable] = notification.LeadDepartment,
            [CaseWorkflows.CoDepartmentsVariable] = coDepartments.ToArray(),
            ["departmentLimit"] = Math.Max(1, notification.CommittedLimitDays - LeadDays),
            ["committedLimit"] = notification.CommittedLimitDays,
            ["serviceItemCode"] = notification.ServiceItemCode,
        };

        // The runtime's idempotency key makes the start itself happen once, even when two deliveries race.
        var started = await sender.Send(new StartProcess(processKey, notification.CaseNumber, variables, $"approval-start:{notification.CaseNumber}"), cancellationToken);
        if (!started.Applied)
        {
            throw new InvalidOperationException($"The {processKey} process for case {notification.CaseNumber} could not start: {started.Error}");
        }

        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            UPDATE approval.approval_cases SET instance_id = {started.InstanceId}
            WHERE region_code = {ApprovalModule.DefaultRegion} AND case_number = {notification.CaseNumber} AND instance_id IS NULL
            """,
            cancellationToken);
        await mirror.SyncAsync(notification.CaseNumber, cancellationToken);
    }
}
