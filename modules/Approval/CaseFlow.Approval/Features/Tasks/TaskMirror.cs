using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Features.Clocks;
using CaseFlow.Approval.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Workflow;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Features.Tasks;

/// <summary>
/// Mirrors a case's open process tasks into department_tasks, the table the ordered inbox and claims read. The process
/// decides which tasks exist (no second state machine): a task it opened gets a row, a row whose task it closed
/// without a sign-off here becomes Closed; the case clocks follow the process too (<see cref="CaseClocks"/>). Safe to run
/// any number of times, from any node.
/// </summary>
internal sealed class TaskMirror(ApprovalDbContext db, ISender sender, CaseClocks clocks, TimeProvider clock)
{
    public async Task<ProcessState?> SyncAsync(string caseNumber, CancellationToken cancellationToken)
    {
        var approval = await db.Cases.AsNoTracking()
            .SingleOrDefaultAsync(c => c.RegionCode == ApprovalModule.DefaultRegion && c.CaseNumber == caseNumber, cancellationToken);
        if (approval is null || await sender.Send(new GetProcessState(caseNumber, approval.InstanceId), cancellationToken) is not { } process)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var open = process.OpenTasks.Where(t => t.CandidateDepartment is not null).ToList();
        foreach (var task in open)
        {
            // Tasks without their own limit (distribution, the lead decision) are due when the case is (rule 3).
            var due = task.DueAt ?? approval.CommittedDueAt;
            var kind = KindOf(task.ElementId).ToString();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO approval.department_tasks
                    (id, region_code, case_number, department_code, state, due_at, opened_at, instance_id, process_task_id, element_id, kind)
                VALUES ({Guid.CreateVersion7(now)}, {ApprovalModule.DefaultRegion}, {caseNumber}, {task.CandidateDepartment}, 'Opened', {due}, {now},
                        {process.InstanceId}, {task.TaskId}, {task.ElementId}, {kind})
                ON CONFLICT (instance_id, process_task_id) DO NOTHING
                """,
                cancellationToken);
        }

        var openIds = open.Select(t => t.TaskId).ToArray();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            UPDATE approval.department_tasks SET state = 'Closed', closed_at = {now}
            WHERE instance_id = {process.InstanceId} AND state IN ('Opened', 'Claimed') AND NOT (process_task_id = ANY ({openIds}))
            """,
            cancellationToken);
        await clocks.SyncAsync(approval, process, cancellationToken);
        return process;
    }

    public static DepartmentTaskKind KindOf(string elementId) => elementId switch
    {
        "Task_Distribute" => DepartmentTaskKind.Distribution,
        "Task_LeadDecision" => DepartmentTaskKind.Decision,
        _ => DepartmentTaskKind.Review,
    };
}
