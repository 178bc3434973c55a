using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Features.Cases;
using CaseFlow.Approval.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Features.Inbox;

/// <summary>The same page of the inbox, each task with the state of every branch of its case (the HTTP inbox).</summary>
internal sealed record ReadInboxWithBranches(ReadInbox Page) : IRequest<Page<InboxItem>>;

/// <summary>
/// One task of the inbox with the state of every branch of its case (rule 4: in a parallel approval each department
/// sees where the others stand; their opinions are the lead department's to read, in the case view).
/// </summary>
internal sealed record InboxItem(
    Guid Id,
    string CaseNumber,
    string DepartmentCode,
    DepartmentTaskKind Kind,
    DepartmentTaskState State,
    DateTimeOffset DueAt,
    DateTimeOffset OpenedAt,
    string? ClaimedBy,
    DateTimeOffset? ClaimedAt,
    IReadOnlyList<BranchView> Branches);

internal sealed class ReadInboxHandler(ApprovalDbContext db) : IRequestHandler<ReadInbox, Page<DepartmentTaskDto>>
{
    public async Task<Page<DepartmentTaskDto>> Handle(ReadInbox request, CancellationToken cancellationToken)
    {
        var query = db.DepartmentTasks.AsNoTracking().Where(t =>
            t.RegionCode == ApprovalModule.DefaultRegion && t.DepartmentCode == request.DepartmentCode && t.State == request.State);
        if (request.After is { } after)
        {
            query = query.Where(t => t.DueAt > after.DueAt || (t.DueAt == after.DueAt && t.Id.CompareTo(after.Id) > 0));
        }

        var rows = await query.OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(request.Limit + 1).ToListAsync(cancellationToken);
        var items = rows.Take(request.Limit).Select(t => t.ToDto()).ToList();
        var next = rows.Count > request.Limit ? new InboxCursor(items[^1].DueAt, items[^1].Id).ToString() : null;
        return new Page<DepartmentTaskDto>(items, next);
    }
}

internal sealed class ReadInboxWithBranchesHandler(ApprovalDbContext db, ISender sender) : IRequestHandler<ReadInboxWithBranches, Page<InboxItem>>
{
    public async Task<Page<InboxItem>> Handle(ReadInboxWithBranches request, CancellationToken cancellationToken)
    {
        var page = await sender.Send(request.Page, cancellationToken);

        // One read each for the page's cases and their tasks (indexed by case), never a scan of the department's history.
        var caseNumbers = page.Items.Select(t => t.CaseNumber).Distinct(StringComparer.Ordinal).ToList();
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.RegionCode == ApprovalModule.DefaultRegion && caseNumbers.Contains(c.CaseNumber))
            .ToDictionaryAsync(c => c.CaseNumber, StringComparer.Ordinal, cancellationToken);
        var tasks = (await db.DepartmentTasks.AsNoTracking()
                .Where(t => t.RegionCode == ApprovalModule.DefaultRegion && caseNumbers.Contains(t.CaseNumber))
                .ToListAsync(cancellationToken))
            .ToLookup(t => t.CaseNumber, StringComparer.Ordinal);
        var items = page.Items.Select(t => new InboxItem(
            t.Id, t.CaseNumber, t.DepartmentCode, t.Kind, t.State, t.DueAt, t.OpenedAt, t.ClaimedBy, t.ClaimedAt,
            cases.TryGetValue(t.CaseNumber, out var approval) ? Branches.Of(approval, tasks[t.CaseNumber]) : [])).ToList();
        return new Page<InboxItem>(items, page.Next);
    }
}

internal static class InboxEndpoints
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/departments/{department}/inbox", async (string department, HttpContext context, ISender sender, CancellationToken ct, DepartmentTaskState? state, string? after, int? limit) =>
            {
                // An approver sees only the own department's work; supervisors watch every department.
                if (context.Actor() is not { } actor || !actor.MayWorkFor(department))
                {
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: $"Only the department {department} and supervisors may read this inbox.");
                }

                var errors = new Dictionary<string, string[]>();
                if (limit is < 1 or > 200)
                {
                    errors["limit"] = ["limit must be between 1 and 200."];
                }

                if (!InboxCursor.TryParse(after, out var cursor))
                {
                    errors["after"] = ["after must be the 'next' cursor of a previous page."];
                }

                if (errors.Count > 0)
                {
                    return Results.ValidationProblem(errors);
                }

                return Results.Ok(await sender.Send(new ReadInboxWithBranches(new ReadInbox(department, state ?? DepartmentTaskState.Opened, cursor, limit ?? 50)), ct));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("ReadDepartmentInbox")
            .WithSummary("A department's tasks in one state, earliest due first, each with the state of every branch of its case.")
            .Produces<Page<InboxItem>>()
            .ProducesValidationProblem();
}
