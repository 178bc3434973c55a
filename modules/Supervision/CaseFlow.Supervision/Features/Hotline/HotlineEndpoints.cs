using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using CaseFlow.Supervision.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CaseFlow.Supervision.Features.Hotline;

internal sealed record RegisterHotlineTicketBody(
    HotlineChannel? Channel,
    string? CallerName,
    string? CallerPhone,
    string? Subject,
    string? Content,
    string? HandlingDepartment,
    string? RequestId);

internal sealed record HotlineReplyBody(string? Reply);

internal static class HotlineEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        var hotline = group.MapGroup("/hotline");

        hotline.MapPost("/tickets", async (RegisterHotlineTicketBody body, HttpContext context, ISender sender, IOptions<SupervisionOptions> options, CancellationToken ct) =>
            {
                var actor = context.Actor()!;
                var registered = await sender.Send(
                    new RegisterHotlineTicket(body.Channel, body.CallerName ?? string.Empty, body.CallerPhone, body.Subject ?? string.Empty, body.Content ?? string.Empty,
                        body.HandlingDepartment ?? string.Empty, body.RequestId, actor.Id, actor.Name, actor.CenterCode is { Length: > 0 } c ? c : options.Value.CenterCode),
                    ct);
                return registered.IsSuccess
                    ? Results.Created($"/api/supervision/hotline/tickets/{registered.Value.Number}", registered.Value)
                    : registered.Error!.ToProblem();
            })
            .RequireAuthorization(Policies.HotlineOperators)
            .WithName("RegisterHotlineTicket")
            .WithSummary("Registers a hotline call or letter and transfers it to the handling department: a phone transfer is due in 3 working days, a written one in 7. A repeated requestId answers the first ticket.")
            .Produces<HotlineTicketDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        hotline.MapGet("/tickets", async (ISender sender, CancellationToken ct, HotlineTicketState? state, bool? overdue, int? limit, string? before) =>
                limit is < 1 or > 500
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 500."] })
                    : Results.Ok(await sender.Send(new ListHotlineTickets(state, overdue ?? false, limit ?? 50, before), ct)))
            .RequireAuthorization(Policies.HotlineDesk)
            .WithName("ListHotlineTickets")
            .WithSummary("Every hotline ticket, newest first, with its state, due date and overdue flag; optionally one state or only the overdue ones.")
            .Produces<Page<HotlineTicketDto>>()
            .ProducesValidationProblem();

        hotline.MapGet("/tickets/{number}", async (string number, HttpContext context, ISender sender, CancellationToken ct) =>
            {
                var actor = context.Actor()!;
                // The hotline desk and supervisors read every ticket; a department reads its own (another's is not found).
                var deskRole = actor.IsIn(StaffRoles.HotlineOperator) || actor.IsIn(StaffRoles.Supervisor) || actor.IsIn(StaffRoles.Administrator);
                return deskRole
                    ? (await sender.Send(new GetHotlineTicket(number), ct)).ToHttp()
                    : actor.DepartmentCode is { Length: > 0 } department
                        ? (await sender.Send(new GetHotlineTicket(number, department), ct)).ToHttp()
                        : Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Only the hotline desk, supervisors and the handling department read hotline tickets.");
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("GetHotlineTicket")
            .WithSummary("One hotline ticket: the hotline desk and supervisors read any, a department its own.")
            .Produces<HotlineTicketDto>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        hotline.MapPost("/tickets/{number}/reply", async (string number, HotlineReplyBody body, HttpContext context, ISender sender, CancellationToken ct) =>
            {
                var actor = context.Actor()!;
                return (await sender.Send(new ReplyToHotlineTicket(number, body.Reply ?? string.Empty, actor.Id, actor.Name, actor.DepartmentCode), ct)).ToHttp();
            })
            .RequireAuthorization(Policies.Approvers)
            .WithName("ReplyToHotlineTicket")
            .WithSummary("The handling department's written reply; it closes the ticket. Another department gets 403, a second reply 409.")
            .Produces<HotlineTicketDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        hotline.MapGet("/departments/{department}/tickets", async (string department, HttpContext context, ISender sender, CancellationToken ct, HotlineTicketState? state, int? limit) =>
            {
                // An approver sees only the own department's tickets; supervisors watch every department.
                if (context.Actor() is not { } actor || !actor.MayWorkFor(department))
                {
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: $"Only the department {department} and supervisors may read its hotline tickets.");
                }

                return limit is < 1 or > 500
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 500."] })
                    : Results.Ok(await sender.Send(new ListDepartmentHotlineTickets(department, state ?? HotlineTicketState.Transferred, limit ?? 100), ct));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("ListDepartmentHotlineTickets")
            .WithSummary("A department's hotline tickets in one state (default: waiting for the reply), earliest due first.")
            .Produces<IReadOnlyList<HotlineTicketDto>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        hotline.MapGet("/statistics", async (HttpContext context, ISender sender, IOptions<SupervisionOptions> options, CancellationToken ct, DateOnly? from, DateOnly? to) =>
            {
                if (from is null || to is null)
                {
                    var field = from is null ? "from" : "to";
                    return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"'{field}' is required."] });
                }

                var center = context.Actor()?.CenterCode is { Length: > 0 } c ? c : options.Value.CenterCode;
                return Results.Ok(await sender.Send(new GetHotlineStatistics(center, from.Value, to.Value), ct));
            })
            .RequireAuthorization(Policies.HotlineDesk)
            .WithName("GetHotlineStatistics")
            .WithSummary("The hotline's accepted, completed and on-time figures over a period (from–to inclusive, the center's dates), for the center and per department.")
            .Produces<HotlineStatistics>()
            .ProducesValidationProblem();
    }
}
