using System.Threading.RateLimiting;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Features.Statistics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseFlow.Supervision.Features;

internal sealed record RegisterComplaintBody(
    ComplaintChannel? Channel,
    ComplaintSeverity? Severity,
    string? ComplainantName,
    string? ComplainantPhone,
    string? CaseNumber,
    string? DepartmentCode,
    string? WindowCode,
    string? StaffId,
    string? Content,
    string? Reply,
    string? EscalateTo);

internal sealed record OnlineComplaintBody(string? ComplainantName, string? ComplainantPhone, string? CaseNumber, string? DepartmentCode, string? WindowCode, string? Content);

internal sealed record ReplyBody(string? Reply);

internal sealed record EscalateBody(string? To, string? Reason);

internal sealed record CloseBody(string? Note);

internal sealed record RatingBody(string? CaseNumber, string? IdLast4, RatingLevel? Level, string? Comment);

internal sealed record NoteBody(string? Note);

internal sealed record AppealBody(string? Reason);

internal sealed record DecisionBody(bool? Uphold, string? Note);

internal sealed record SampleBody(DateOnly? Day);

internal sealed record VisitResultBody(bool? Reached, RatingLevel? Satisfaction, string? Note);

internal static class SupervisionEndpoints
{
    public const string PublicRateLimit = SupervisionModule.PublicFormRateLimit;

    /// <summary>The public complaint and rating forms take a few requests a minute per client address on each node.</summary>
    public static IServiceCollection AddPublicFormRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(o => o.AddPolicy(PublicRateLimit, context =>
        {
            var perMinute = context.RequestServices.GetRequiredService<IOptions<SupervisionOptions>>().Value.PublicRequestsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }));

    private static string Who(HttpContext context) => context.Actor()?.Name ?? string.Empty;

    private static IResult Missing(string field) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"'{field}' is required."] });

    public static void Map(RouteGroupBuilder group)
    {
        // Complaints ------------------------------------------------------------------------------------------------
        group.MapPost("/complaints", async (RegisterComplaintBody body, HttpContext context, ISender sender, CancellationToken ct) =>
            {
                if (body.Channel is not { } channel)
                {
                    return Missing("channel");
                }

                if (body.Severity is not { } severity)
                {
                    return Missing("severity");
                }

                var actor = context.Actor()!;
                return (await sender.Send(
                    new RegisterComplaint(channel, severity, body.ComplainantName ?? string.Empty, body.ComplainantPhone, body.CaseNumber, body.DepartmentCode,
                        body.WindowCode, body.StaffId, body.Content ?? string.Empty, body.Reply, body.EscalateTo, actor.Name, actor.CenterCode is { Length: > 0 } c ? c : "default"),
                    ct)).ToHttp();
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("RegisterComplaint")
            .WithSummary("Registers a complaint taken on site or by phone: simple ones closed with their reply, complex ones on a reply clock, serious ones escalated.")
            .Produces<ComplaintDto>()
            .ProducesValidationProblem();

        group.MapPost("/public/complaints", async (OnlineComplaintBody body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new SubmitOnlineComplaint(body.ComplainantName ?? string.Empty, body.ComplainantPhone, body.CaseNumber, body.DepartmentCode, body.WindowCode, body.Content ?? string.Empty), ct)).ToHttp())
            .AllowAnonymous()
            .RequireRateLimiting(PublicRateLimit)
            .WithName("SubmitOnlineComplaint")
            .WithSummary("The public complaint form (no sign-in): the complaint gets the complex reply limit at once.")
            .Produces<ComplaintDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/complaints", async (ISender sender, CancellationToken ct, ComplaintState? state, int? limit, string? before) =>
                limit is < 1 or > 500
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 500."] })
                    : Results.Ok(await sender.Send(new ListComplaints(state, limit ?? 50, before), ct)))
            .RequireAuthorization(Policies.Supervisors)
            .WithName("ListComplaints")
            .WithSummary("Complaints, newest first, optionally in one state.")
            .Produces<Page<ComplaintDto>>()
            .ProducesValidationProblem();

        group.MapGet("/complaints/{number}", async (string number, ISender sender, CancellationToken ct) => (await sender.Send(new GetComplaint(number), ct)).ToHttp())
            .RequireAuthorization(Policies.Supervisors)
            .WithName("GetComplaint")
            .WithSummary("One complaint.")
            .Produces<ComplaintDto>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/complaints/{number}/reply", async (string number, ReplyBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ReplyToComplaint(number, body.Reply ?? string.Empty, Who(context)), ct)).ToHttp())
            .RequireAuthorization(Policies.Supervisors)
            .WithName("ReplyToComplaint")
            .WithSummary("Records the reply to a complaint (who and when) and stops its clock.")
            .Produces<ComplaintDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/complaints/{number}/escalate", async (string number, EscalateBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new EscalateComplaint(number, body.To, body.Reason ?? string.Empty, Who(context)), ct)).ToHttp())
            .RequireAuthorization(Policies.Supervisors)
            .WithName("EscalateComplaint")
            .WithSummary("Escalates an open complaint found serious (a ledger entry names where it went).")
            .Produces<ComplaintDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/complaints/{number}/close", async (string number, CloseBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new CloseComplaint(number, body.Note, Who(context)), ct)).ToHttp())
            .RequireAuthorization(Policies.Supervisors)
            .WithName("CloseComplaint")
            .WithSummary("Closes a replied complaint.")
            .Produces<ComplaintDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Ratings and rectifications ------------------------------------------------------------------------------------
        group.MapPost("/public/ratings", async (RatingBody body, ISender sender, CancellationToken ct) =>
                body.Level is not { } level
                    ? Missing("level")
                    : (await sender.Send(new RateCase(body.CaseNumber ?? string.Empty, body.IdLast4 ?? string.Empty, level, body.Comment), ct)).ToHttp())
            .AllowAnonymous()
            .RequireRateLimiting(PublicRateLimit)
            .WithName("RateCase")
            .WithSummary("The public rating form: case number and the last 4 of the applicant's ID (in the body), five levels, once per completed case.")
            .Produces<RatingDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/ratings", async (ISender sender, CancellationToken ct, bool? bad, int? limit) =>
                limit is < 1 or > 500
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 500."] })
                    : Results.Ok(await sender.Send(new ListRatings(bad ?? false, limit ?? 100), ct)))
            .RequireAuthorization(Policies.Supervisors)
            .WithName("ListRatings")
            .WithSummary("Ratings, newest first, with the rectification of each bad one.")
            .Produces<IReadOnlyList<RatingDto>>()
            .ProducesValidationProblem();

        // The department answers for its own bad reviews; administrators may act for any.
        static string? Department(HttpContext context) =>
            context.Actor() is { } actor && actor.IsIn(StaffRoles.Administrator) ? null : context.Actor()?.DepartmentCode ?? string.Empty;

        group.MapPost("/rectifications/{caseNumber}/rectify", async (string caseNumber, NoteBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RectifyBadReview(caseNumber, body.Note ?? string.Empty, Who(context), Department(context)), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("RectifyBadReview")
            .WithSummary("The department reports how it rectified a bad review.")
            .Produces<RectificationDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/rectifications/{caseNumber}/appeal", async (string caseNumber, AppealBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new AppealBadReview(caseNumber, body.Reason ?? string.Empty, Who(context), Department(context)), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("AppealBadReview")
            .WithSummary("The department appeals a bad review it holds unfounded.")
            .Produces<RectificationDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/rectifications/{caseNumber}/decision", async (string caseNumber, DecisionBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                body.Uphold is not { } uphold
                    ? Missing("uphold")
                    : (await sender.Send(new DecideAppeal(caseNumber, uphold, body.Note ?? string.Empty, Who(context)), ct)).ToHttp())
            .RequireAuthorization(Policies.Supervisors)
            .WithName("DecideAppeal")
            .WithSummary("A supervisor upholds or rejects the department's appeal.")
            .Produces<RectificationDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Return visits ------------------------------------------------------------------------------------------------
        group.MapPost("/return-visits/sample", async (SampleBody body, ISender sender, CancellationToken ct) =>
                body.Day is not { } day ? Missing("day") : Results.Ok(await sender.Send(new SampleReturnVisits(day), ct)))
            .RequireAuthorization(Policies.Supervisors)
            .WithName("SampleReturnVisits")
            .WithSummary("Draws a day's return-visit calls now (the daily job does it at 03:00 for the day before); a day is drawn once.")
            .Produces<ReturnVisitSample>()
            .ProducesValidationProblem();

        group.MapGet("/return-visits", async (DateOnly? day, ISender sender, CancellationToken ct) =>
                day is not { } d ? Missing("day") : Results.Ok(await sender.Send(new ListReturnVisits(d), ct)))
            .RequireAuthorization(Policies.Supervisors)
            .WithName("ListReturnVisits")
            .WithSummary("One day's return-visit calls.")
            .Produces<IReadOnlyList<ReturnVisitDto>>()
            .ProducesValidationProblem();

        group.MapPost("/return-visits/{id:guid}/result", async (Guid id, VisitResultBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                body.Reached is not { } reached
                    ? Missing("reached")
                    : (await sender.Send(new RecordReturnVisit(id, reached, body.Satisfaction, body.Note, Who(context)), ct)).ToHttp())
            .RequireAuthorization(Policies.Supervisors)
            .WithName("RecordReturnVisit")
            .WithSummary("Records a call's result once: reached or not, satisfaction, note.")
            .Produces<ReturnVisitDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Statistics ---------------------------------------------------------------------------------------------------
        group.MapGet("/statistics", async (HttpContext context, ISender sender, IOptions<SupervisionOptions> options, CancellationToken ct, StatisticsDimension? by, DateOnly? from, DateOnly? to, string? center) =>
                from is null ? Missing("from") : to is null ? Missing("to")
                    : Results.Ok(await sender.Send(new GetStatistics(center ?? Center(context, options), by ?? StatisticsDimension.Center, from.Value, to.Value), ct)))
            .RequireAuthorization(Policies.Supervisors)
            .WithName("GetStatistics")
            .WithSummary("Figures per center, department, window or staff member over a period of days (from–to inclusive, the center's dates).")
            .Produces<StatisticsReport>()
            .ProducesValidationProblem();

        group.MapGet("/statistics.csv", async (HttpContext context, ISender sender, IOptions<SupervisionOptions> options, CancellationToken ct, StatisticsDimension? by, DateOnly? from, DateOnly? to, string? center) =>
            {
                if (from is null)
                {
                    return Missing("from");
                }

                if (to is null)
                {
                    return Missing("to");
                }

                var report = await sender.Send(new GetStatistics(center ?? Center(context, options), by ?? StatisticsDimension.Center, from.Value, to.Value), ct);
                return Results.File(StatisticsCsv.Write(report), "text/csv; charset=utf-8", $"statistics-{report.By.ToString().ToLowerInvariant()}-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
            })
            .RequireAuthorization(Policies.Supervisors)
            .WithName("ExportStatistics")
            .WithSummary("The same figures as CSV (UTF-8 with BOM, for Excel).")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();

        group.MapGet("/public/statistics", async (ISender sender, CancellationToken ct, DateOnly? from, DateOnly? to) =>
                from is null ? Missing("from") : to is null ? Missing("to")
                    : Results.Ok(await sender.Send(new GetPublicStatistics(from.Value, to.Value), ct)))
            .AllowAnonymous()
            .WithName("GetPublicStatistics")
            .WithSummary("The center's published totals and rates (政务公开), no sign-in.")
            .Produces<PublicStatistics>()
            .ProducesValidationProblem();
    }

    private static string Center(HttpContext context, IOptions<SupervisionOptions> options) =>
        context.Actor()?.CenterCode is { Length: > 0 } center ? center : options.Value.CenterCode;
}
