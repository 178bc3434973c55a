using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using CaseFlow.Routing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Routing.Features.Routes;

internal sealed record RoutedDepartment(string Code, string Name, bool Lead, bool Stationed);

/// <summary>The departments a service item's cases go to: one lead department and the co-departments (一家牵头、并联审批).</summary>
internal sealed record ItemRoute(string ServiceItemCode, RoutedDepartment Lead, IReadOnlyList<RoutedDepartment> CoDepartments);

internal sealed record GetItemRoute(string ServiceItemCode) : IRequest<Result<ItemRoute>>;

internal sealed record QueueEntry(string CaseNumber, string ServiceItemCode, bool Lead, DateTimeOffset AcceptedAt);

internal sealed record ReadDepartmentQueue(string DepartmentCode, int Limit) : IRequest<IReadOnlyList<QueueEntry>>;

internal sealed class GetItemRouteHandler(RoutingDbContext db, ISender sender) : IRequestHandler<GetItemRoute, Result<ItemRoute>>
{
    public async Task<Result<ItemRoute>> Handle(GetItemRoute request, CancellationToken cancellationToken)
    {
        if (await sender.Send(new GetServiceItem(request.ServiceItemCode), cancellationToken) is not { } item)
        {
            return Error.NotFound("routing.item-not-found", $"There is no service item {request.ServiceItemCode}.");
        }

        var codes = new[] { item.LeadDepartment }.Concat(item.CoDepartments).ToList();
        var names = await db.Departments.AsNoTracking()
            .Where(d => d.RegionCode == RoutingModule.DefaultRegion && codes.Contains(d.Code) && d.Active)
            .ToDictionaryAsync(d => d.Code, d => d.Name, cancellationToken);
        RoutedDepartment Route(string code, bool lead) => new(code, names.GetValueOrDefault(code, code), lead, names.ContainsKey(code));
        return new ItemRoute(item.Code, Route(item.LeadDepartment, true), [.. item.CoDepartments.Select(c => Route(c, false))]);
    }
}

/// <summary>
/// Routes an accepted case to its lead department's and co-departments' queues (their work), and records who owns it
/// (rule 1, 首问负责制): the first contact who received it, accountable from acceptance, holding it at their window (or in
/// person without one) until a transfer is acknowledged. Redelivery finds the rows there already.
/// </summary>
internal sealed class RouteAcceptedCase(RoutingDbContext db) : INotificationHandler<CaseAccepted>
{
    public async Task Handle(CaseAccepted notification, CancellationToken cancellationToken)
    {
        foreach (var (department, lead) in new[] { (notification.LeadDepartment, true) }.Concat(notification.CoDepartments.Select(c => (c, false))))
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO routing.routed_cases (region_code, case_number, department_code, lead, service_item_code, accepted_at)
                VALUES ({RoutingModule.DefaultRegion}, {notification.CaseNumber}, {department}, {lead}, {notification.ServiceItemCode}, {notification.AcceptedAt})
                ON CONFLICT DO NOTHING
                """,
                cancellationToken);
        }

        var (kind, holder) = string.IsNullOrEmpty(notification.Window)
            ? (HolderKind.Person, notification.FirstContactId)
            : (HolderKind.Window, notification.Window);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO routing.case_holders
                (region_code, case_number, holder_kind, holder_code, accountable_id, accountable_name,
                 center_code, first_contact_id, first_contact_name, first_contact_window, accepted_at)
            VALUES ({RoutingModule.DefaultRegion}, {notification.CaseNumber}, {kind.ToString()}, {holder}, {notification.FirstContactId}, {notification.FirstContactName},
                    {notification.CenterCode}, {notification.FirstContactId}, {notification.FirstContactName}, {notification.Window}, {notification.AcceptedAt})
            ON CONFLICT DO NOTHING
            """,
            cancellationToken);
    }
}

internal sealed class ReadDepartmentQueueHandler(RoutingDbContext db) : IRequestHandler<ReadDepartmentQueue, IReadOnlyList<QueueEntry>>
{
    public async Task<IReadOnlyList<QueueEntry>> Handle(ReadDepartmentQueue request, CancellationToken cancellationToken) =>
        await db.RoutedCases.AsNoTracking()
            .Where(r => r.RegionCode == RoutingModule.DefaultRegion && r.DepartmentCode == request.DepartmentCode)
            .OrderBy(r => r.AcceptedAt).ThenBy(r => r.CaseNumber)
            .Take(request.Limit)
            .Select(r => new QueueEntry(r.CaseNumber, r.ServiceItemCode, r.Lead, r.AcceptedAt))
            .ToListAsync(cancellationToken);
}

internal static class RouteEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/service-items/{code}/route", async (string code, ISender sender, CancellationToken ct) => (await sender.Send(new GetItemRoute(code), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("GetItemRoute")
            .WithSummary("The lead department and co-departments a service item's cases are routed to.")
            .Produces<ItemRoute>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/departments/{department}/queue", async (string department, HttpContext context, ISender sender, int? limit, CancellationToken ct) =>
            {
                if (!context.Actor()!.MayWorkFor(department))
                {
                    return Error.Forbidden("routing.other-department", $"Only the department {department} and supervisors may read its queue.").ToProblem();
                }

                if (limit is < 1 or > 500)
                {
                    return Error.Invalid("routing.invalid-limit", "limit must be between 1 and 500.", "limit").ToProblem();
                }

                return Results.Ok(await sender.Send(new ReadDepartmentQueue(department, limit ?? 100), ct));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("ReadDepartmentQueue")
            .WithSummary("The cases routed to a department, as lead or co-department, oldest first.")
            .Produces<IReadOnlyList<QueueEntry>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
