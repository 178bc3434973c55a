using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Features.Tasks;

internal static class TaskAccess
{
    /// <summary>Reading: the department's own staff, or supervision watching every department.</summary>
    public static Error? MayRead(Actor actor, DepartmentTask task) =>
        actor.MayWorkFor(task.DepartmentCode) ? null : Forbidden(task);

    /// <summary>Claiming and signing: only the department's own approvers; supervisors watch but never sign.</summary>
    public static Error? MaySign(Actor actor, DepartmentTask task) =>
        string.Equals(actor.DepartmentCode, task.DepartmentCode, StringComparison.Ordinal)
        && (actor.IsIn(StaffRoles.DepartmentApprover) || actor.IsIn(StaffRoles.LeadApprover))
            ? null
            : Forbidden(task);

    private static Error Forbidden(DepartmentTask task) =>
        Error.Forbidden("approval.other-department", $"This task belongs to the department {task.DepartmentCode}; only its own approvers may work on it.");

    public static Error NotFound(Guid id) => Error.NotFound("approval.task-not-found", $"There is no department task {id}.");
}

internal sealed class ReadDepartmentTaskHandler(ApprovalDbContext db) : IRequestHandler<ReadDepartmentTask, Result<DepartmentTaskDto>>
{
    public async Task<Result<DepartmentTaskDto>> Handle(ReadDepartmentTask request, CancellationToken cancellationToken)
    {
        var task = await db.DepartmentTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == request.TaskId, cancellationToken);
        if (task is null)
        {
            return TaskAccess.NotFound(request.TaskId);
        }

        return TaskAccess.MayRead(request.Actor, task) is { } denied ? denied : task.ToDto();
    }
}

internal sealed class ClaimDepartmentTaskHandler(ApprovalDbContext db, TimeProvider clock) : IRequestHandler<ClaimDepartmentTask, Result<DepartmentTaskDto>>
{
    public async Task<Result<DepartmentTaskDto>> Handle(ClaimDepartmentTask request, CancellationToken cancellationToken)
    {
        var task = await db.DepartmentTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == request.TaskId, cancellationToken);
        if (task is null)
        {
            return TaskAccess.NotFound(request.TaskId);
        }

        if (TaskAccess.MaySign(request.Actor, task) is { } denied)
        {
            return denied;
        }

        // One conditional UPDATE decides between concurrent claims: the row lock lets one through, the other sees 0 rows.
        var now = clock.GetUtcNow();
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            UPDATE approval.department_tasks SET state = 'Claimed', claimed_by = {request.Actor.Id}, claimed_at = {now}
            WHERE id = {request.TaskId} AND state = 'Opened'
            """,
            cancellationToken);
        var current = await db.DepartmentTasks.AsNoTracking().SingleAsync(t => t.Id == request.TaskId, cancellationToken);
        if (claimed == 1 || (current.State == DepartmentTaskState.Claimed && current.ClaimedBy == request.Actor.Id))
        {
            return current.ToDto();
        }

        return current.State == DepartmentTaskState.Claimed
            ? Error.Conflict("approval.task-claimed", $"The task has already been claimed by {current.ClaimedBy}.")
            : Error.Conflict("approval.task-not-open", $"The task is {current.State}; it can no longer be claimed.");
    }
}

internal static class TaskEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/tasks/{id:guid}", async (Guid id, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ReadDepartmentTask(id, context.Actor()!), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("ReadDepartmentTask")
            .WithSummary("One department task; only its department and supervisors may read it.")
            .Produces<DepartmentTaskDto>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/tasks/{id:guid}/claim", async (Guid id, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ClaimDepartmentTask(id, context.Actor()!), ct)).ToHttp())
            .RequireAuthorization(Policies.Approvers)
            .WithName("ClaimDepartmentTask")
            .WithSummary("Takes a task: one approver of its department works on it; a second claim is a 409.")
            .Produces<DepartmentTaskDto>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
