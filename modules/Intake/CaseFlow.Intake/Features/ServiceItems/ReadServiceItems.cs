using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.ServiceItems;

internal sealed class ListServiceItemsHandler(IntakeDbContext db) : IRequestHandler<ListServiceItems, Page<ServiceItemDto>>
{
    public async Task<Page<ServiceItemDto>> Handle(ListServiceItems request, CancellationToken cancellationToken)
    {
        // Keyset paging by code: stable under inserts, no OFFSET scans.
        var query = db.ServiceItems.AsNoTracking().Where(i => i.RegionCode == IntakeModule.DefaultRegion);
        if (request.PublishedOnly)
        {
            query = query.Where(i => i.Published);
        }

        if (request.After is not null)
        {
            query = query.Where(i => string.Compare(i.Code, request.After) > 0);
        }

        var items = await query.OrderBy(i => i.Code).Take(request.Limit + 1).ToListAsync(cancellationToken);
        var page = items.Take(request.Limit).Select(i => i.ToDto()).ToList();
        return new Page<ServiceItemDto>(page, items.Count > request.Limit ? page[^1].Code : null);
    }
}

internal sealed class GetServiceItemHandler(IntakeDbContext db) : IRequestHandler<GetServiceItem, ServiceItemDto?>
{
    public async Task<ServiceItemDto?> Handle(GetServiceItem request, CancellationToken cancellationToken)
    {
        var item = await db.ServiceItems.AsNoTracking()
            .SingleOrDefaultAsync(i => i.RegionCode == IntakeModule.DefaultRegion && i.Code == request.Code, cancellationToken);
        return item?.ToDto();
    }
}

internal static class ReadServiceItemsEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        // The catalogue is public (政务公开): anonymous callers see published items only.
        group.MapGet("/service-items", async (HttpContext context, ISender sender, CancellationToken ct, bool? published, string? after, int? limit) =>
            {
                if (limit is < 1 or > 200)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 200."] });
                }

                var publishedOnly = (published ?? false) || context.Actor() is null;
                return Results.Ok(await sender.Send(new ListServiceItems(publishedOnly, after, limit ?? 50), ct));
            })
            .AllowAnonymous()
            .WithName("ListServiceItems")
            .WithSummary("Lists the catalogue by code, a page at a time.")
            .Produces<Page<ServiceItemDto>>()
            .ProducesValidationProblem();

        group.MapGet("/service-items/{code}", async (string code, HttpContext context, ISender sender, CancellationToken ct) =>
                await sender.Send(new GetServiceItem(code), ct) is { } item && (item.Published || context.Actor() is not null)
                    ? Results.Ok(item)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"There is no service item with the code {code}."))
            .AllowAnonymous()
            .WithName("GetServiceItem")
            .WithSummary("Reads one service item by its implementation code.")
            .Produces<ServiceItemDto>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
