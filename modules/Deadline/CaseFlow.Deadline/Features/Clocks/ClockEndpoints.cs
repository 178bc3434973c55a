using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CaseFlow.Deadline.Features.Clocks;

internal sealed record PauseClockBody(PauseReason? Reason, string? NoticeReference);

internal sealed record ExtendClockBody(bool Joint, string? ApprovedBy, string? Reason, int? Days = null);

internal static class ClockEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        // Any staff member may read a clock. Changing one by id is not case work: the modules change their clocks through
        // the mediator (a case's special procedures and extension go through Approval, which checks who works the case and
        // who approves), so over HTTP only administrators (and API keys with that role, for integration and repair) may.
        var clocks = group.MapGroup("/clocks").RequireAuthorization(Policies.Staff);
        var changes = group.MapGroup("/clocks").RequireAuthorization(Policies.Administrators);

        changes.MapPost("/", async (StartClock request, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(request, ct);
                return result.IsSuccess ? Results.Created($"/api/deadline/clocks/{result.Value.Id}", result.Value) : result.Error!.ToProblem();
            })
            .WithName("StartClock")
            .WithSummary("Starts the clock of a case (committed or statutory limit) or of a department task at acceptance.")
            .Produces<ClockDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        clocks.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => (await sender.Send(new GetClock(id), ct)).ToHttp())
            .WithName("GetClock")
            .WithSummary("A clock with its due and yellow moments, pauses and extension.")
            .Produces<ClockDto>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        changes.MapPost("/{id:guid}/pause", async (Guid id, PauseClockBody body, ISender sender, CancellationToken ct) =>
                body.Reason is { } reason
                    ? (await sender.Send(new PauseClock(id, reason, body.NoticeReference ?? string.Empty), ct)).ToHttp()
                    : Error.Invalid("clock.pause-reason-missing", "A pause needs its reason.", "reason").ToProblem())
            .WithName("PauseClock")
            .WithSummary("Pauses a running clock for supplementation, a hearing, expert review, inspection or public notice, citing the written notice.")
            .Produces<ClockDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        Transition(changes, "resume", "ResumeClock", "Resumes a paused clock; the working days of the pause move its due moment.", id => new ResumeClock(id));

        changes.MapPost("/{id:guid}/extend", async (Guid id, ExtendClockBody body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ExtendClock(id, body.Joint, body.ApprovedBy ?? string.Empty, body.Reason ?? string.Empty, body.Days), ct)).ToHttp())
            .WithName("ExtendClock")
            .WithSummary("Extends a clock once, with approval; a second extension is refused.")
            .Produces<ClockDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        Transition(changes, "stop", "StopClock", "Stops a clock at completion.", id => new StopClock(id));
    }

    private static void Transition(RouteGroupBuilder clocks, string verb, string name, string summary, Func<Guid, IRequest<Result<ClockDto>>> request) =>
        clocks.MapPost($"/{{id:guid}}/{verb}", async (Guid id, ISender sender, CancellationToken ct) => (await sender.Send(request(id), ct)).ToHttp())
            .WithName(name)
            .WithSummary(summary)
            .Produces<ClockDto>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
