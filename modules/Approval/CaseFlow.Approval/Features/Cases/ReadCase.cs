using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Features.Tasks;
using CaseFlow.Approval.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Features.Cases;

internal static class Branches
{
    /// <summary>Each department's branch of a case: its open task if it has one, else its last signed or closed task.</summary>
    public static IReadOnlyList<BranchView> Of(ApprovalCase approval, IEnumerable<DepartmentTask> tasks)
    {
        var byDepartment = tasks.ToLookup(t => t.DepartmentCode, StringComparer.Ordinal);
        return [.. approval.Departments.Select(d =>
        {
            var latest = byDepartment[d]
                .OrderBy(t => t.State is DepartmentTaskState.Opened or DepartmentTaskState.Claimed)
                .ThenBy(t => t.OpenedAt)
                .LastOrDefault();
            return new BranchView(d, d == approval.LeadDepartment, latest?.Kind, latest?.State, latest?.DueAt, latest?.ClaimedBy);
        })];
    }
}

internal sealed class ReadApprovalCaseHandler(ApprovalDbContext db, TaskMirror mirror) : IRequestHandler<ReadApprovalCase, Result<ApprovalCaseView>>
{
    public async Task<Result<ApprovalCaseView>> Handle(ReadApprovalCase request, CancellationToken cancellationToken)
    {
        var approval = await db.Cases.AsNoTracking()
            .SingleOrDefaultAsync(c => c.RegionCode == ApprovalModule.DefaultRegion && c.CaseNumber == request.CaseNumber, cancellationToken);
        if (approval is null)
        {
            return Error.NotFound("approval.case-not-found", $"There is no case {request.CaseNumber} in approval.");
        }

        // Every department of the case sees the others' states and opinions; other departments see nothing of it.
        if (!approval.Departments.Any(request.Actor.MayWorkFor))
        {
            return Error.Forbidden("approval.other-department", $"The case {request.CaseNumber} is not routed to your department.");
        }

        var process = await mirror.SyncAsync(request.CaseNumber, cancellationToken);
        var tasks = await db.DepartmentTasks.AsNoTracking()
            .Where(t => t.RegionCode == ApprovalModule.DefaultRegion && t.CaseNumber == request.CaseNumber)
            .OrderBy(t => t.OpenedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
        // The lead department collects and weighs every opinion (一家牵头); a co-department reviews on its own and sees the
        // others' states, not their texts.
        var actor = request.Actor;
        var seesAll = actor.DepartmentCode == approval.LeadDepartment || actor.IsIn(StaffRoles.Supervisor) || actor.IsIn(StaffRoles.Administrator);
        var ownDepartment = actor.DepartmentCode;
        var opinions = await db.Opinions.AsNoTracking()
            .Where(o => o.RegionCode == ApprovalModule.DefaultRegion && o.CaseNumber == request.CaseNumber)
            .Where(o => seesAll || o.DepartmentCode == ownDepartment)
            .OrderBy(o => o.SignedAt).ThenBy(o => o.Id)
            .Select(o => new OpinionView(o.DepartmentCode, o.Kind, o.Outcome, o.Text, o.Reasons, o.LegalBasis, o.SignedBy, o.SignedAt))
            .ToListAsync(cancellationToken);
        var branches = Branches.Of(approval, tasks);
        return new ApprovalCaseView(
            approval.CaseNumber,
            approval.ServiceItemCode,
            approval.ProcessKey,
            approval.LeadDepartment,
            approval.CoDepartments,
            approval.CommittedDueAt,
            process?.Status,
            process?.ClockPaused ?? false,
            process?.ActiveElements ?? [],
            approval.Result,
            approval.Reasons,
            approval.LegalBasis,
            approval.CompletedAt,
            branches,
            opinions,
            approval.CommittedClockId,
            approval.StatutoryClockId);
    }
}

/// <summary>
/// The window recorded a supplement and Intake resumed the review that asked for it: the reopened review goes into the
/// department's inbox and the case clock runs again, now rather than at the next read.
/// </summary>
internal sealed class RecordSupplementReceivedHandler(TaskMirror mirror) : IRequestHandler<RecordSupplementReceived, bool>
{
    public async Task<bool> Handle(RecordSupplementReceived request, CancellationToken cancellationToken) =>
        await mirror.SyncAsync(request.CaseNumber, cancellationToken) is not null;
}

internal static class CaseEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/cases/{caseNumber}", async (string caseNumber, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ReadApprovalCase(caseNumber, context.Actor()!), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("ReadApprovalCase")
            .WithSummary("A case's approval: the process state, each department's state and every opinion; for the case's departments and supervisors.")
            .Produces<ApprovalCaseView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
