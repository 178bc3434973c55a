using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Modules;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Features.Demo;

/// <summary>
/// Moves the demo center's accepted cases on through the real sign-off command, so the demo shows every approval state:
/// the food licence is approved by its department (completed, the result recorded), the construction permit's co-departments all approve (waiting
/// for the lead department's decision), the other cases stay open in their departments' inboxes. Only a center where
/// nobody has signed anything yet gets this, so a second seed changes nothing.
/// </summary>
internal sealed class DemoSignOffs(ApprovalDbContext db, ISender sender) : IModuleSeeder
{
    private const string FoodLicence = "11000000MB0000001-SP-02";
    private const string ConstructionPermit = "11000000MB0000002-JZ-03";

    public int Order => 60;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Opinions.AnyAsync(cancellationToken))
        {
            return;
        }

        // The approvals start when the outbox delivers CaseAccepted; on a running Host another node's dispatcher may be
        // delivering it right now, so wait (bounded) until both demo approvals have their first tasks.
        for (var attempt = 0; attempt < 100 && !await BothStartedAsync(cancellationToken); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        // Each sign-off may open the next task (the process decides); a few rounds reach the end of both demo paths.
        for (var round = 0; round < 6; round++)
        {
            var open = await (
                    from task in db.DepartmentTasks.AsNoTracking()
                    join approval in db.Cases.AsNoTracking() on new { task.RegionCode, task.CaseNumber } equals new { approval.RegionCode, approval.CaseNumber }
                    where task.State == DepartmentTaskState.Opened || task.State == DepartmentTaskState.Claimed
                    orderby task.OpenedAt
                    select new { task.Id, task.DepartmentCode, task.Kind, approval.ServiceItemCode })
                .ToListAsync(cancellationToken);
            var signed = 0;
            foreach (var task in open)
            {
                var outcome = (task.ServiceItemCode, task.Kind) switch
                {
                    (_, DepartmentTaskKind.Distribution) when task.ServiceItemCode is FoodLicence or ConstructionPermit => "distribute",
                    (FoodLicence or ConstructionPermit, DepartmentTaskKind.Review) => "approve",
                    (FoodLicence, DepartmentTaskKind.Decision) => "approve",
                    _ => null,
                };
                if (outcome is null)
                {
                    continue;
                }

                var approver = new Actor(
                    $"demo-{task.DepartmentCode}", "演示审批人", new HashSet<string> { StaffRoles.DepartmentApprover, StaffRoles.LeadApprover }, "demo-center", task.DepartmentCode, null);
                var result = await sender.Send(new SignOffTask(task.Id, approver, new SignOffBody(outcome, "材料齐全，符合法定条件，同意。", null, null)), cancellationToken);
                if (!result.IsSuccess)
                {
                    throw new InvalidOperationException($"A demo sign-off failed: {result.Error!.Code} {result.Error.Message}");
                }

                signed++;
            }

            if (signed == 0)
            {
                break;
            }
        }
    }

    private async Task<bool> BothStartedAsync(CancellationToken cancellationToken) =>
        await (from task in db.DepartmentTasks
               join approval in db.Cases on new { task.RegionCode, task.CaseNumber } equals new { approval.RegionCode, approval.CaseNumber }
               where approval.ServiceItemCode == FoodLicence || approval.ServiceItemCode == ConstructionPermit
               select approval.ServiceItemCode).Distinct().CountAsync(cancellationToken) == 2;
}
