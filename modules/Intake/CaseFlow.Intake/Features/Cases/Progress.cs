using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using CaseFlow.Approval.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using CaseFlow.Kernel.Workflow;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Intake.Features.Cases;

internal sealed class LookUpProgressValidator : AbstractValidator<LookUpProgress>
{
    public LookUpProgressValidator()
    {
        RuleFor(l => l.CaseNumber).NotEmpty().MaximumLength(32);
        RuleFor(l => l.IdLast4).NotEmpty().Length(4).WithMessage("Give the last 4 characters of the applicant's ID.");
    }
}

internal sealed class LookUpProgressHandler(IntakeDbContext db, ISender sender) : IRequestHandler<LookUpProgress, Result<ProgressView>>
{
    public async Task<Result<ProgressView>> Handle(LookUpProgress request, CancellationToken cancellationToken)
    {
        var candidates = await db.Cases.AsNoTracking()
            .Where(c => c.RegionCode == IntakeModule.DefaultRegion && (c.CaseNumber == request.CaseNumber || c.ReceptionNumber == request.CaseNumber))
            .ToListAsync(cancellationToken);
        var given = Encoding.ASCII.GetBytes(request.IdLast4.ToUpperInvariant());
        var intakeCase = candidates.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(c.ApplicantKey[^4..].ToUpperInvariant()), given));
        if (intakeCase is null)
        {
            // One answer for "no such case" and "wrong ID": a guess does not learn whether the number exists.
            return Error.NotFound("intake.progress.not-found", "No case matches this number and ID.");
        }

        var item = intakeCase.ServiceItem;
        var approval = intakeCase.CaseNumber is null ? null : await sender.Send(new GetProcessState(intakeCase.CaseNumber), cancellationToken);
        // The committed date as the case clock has it now (rule 3): moved by every pause that ended and by an approved
        // extension; while paused, the earliest it can be. What the clock is paused for is public (告知), the notice is not.
        var clock = intakeCase.CaseNumber is null ? null : await sender.Send(new GetCaseClockSummary(intakeCase.CaseNumber), cancellationToken);
        var departments = new[] { (item.LeadDepartment, Lead: true) }.Concat(item.CoDepartments.Select(d => (d, Lead: false)))
            .Select(d => new DepartmentProgress(d.Item1, d.Lead, DepartmentState(approval, d.Item1)))
            .ToList();
        return new ProgressView(
            intakeCase.CaseNumber,
            intakeCase.ReceptionNumber,
            item.Name,
            intakeCase.State,
            intakeCase.Deemed,
            CurrentStep(intakeCase, approval, clock),
            departments,
            intakeCase.AcceptedAt is { } at ? CenterTime.Date(at) : null,
            clock is not null ? CenterTime.Date(clock.CommittedDueAt) : intakeCase.CommittedDate,
            approval is { EndedAt: null } ? clock?.PausedFor : null,
            clock?.ExtensionDays ?? 0);
    }

    private static string DepartmentState(ProcessState? approval, string department) => approval switch
    {
        null => "NotStarted",
        { EndedAt: not null } => "Done",
        _ when approval.OpenTasks.Any(t => t.CandidateDepartment == department) => "Reviewing",
        _ => "Waiting",
    };

    private static string CurrentStep(IntakeCase c, ProcessState? approval, CaseClockSummary? clock) => c.State switch
    {
        CaseState.Received => "材料审查 Checking the materials",
        CaseState.NoticeIssued => "等待补正 Waiting for the supplement",
        CaseState.Supplemented => "复核补正材料 Rechecking the supplement",
        CaseState.Refused => "不予受理 Refused",
        _ when approval is null => "已受理 Accepted, waiting for the departments",
        _ when approval.EndedAt is not null => "办结 Completed",
        _ when clock?.PausedFor is { } reason && reason != "Supplement" => reason switch
        {
            "Hearing" => "暂停计时：听证 Paused: hearing",
            "ExpertReview" => "暂停计时：专家评审 Paused: expert review",
            "Inspection" => "暂停计时：检验检测 Paused: inspection",
            _ => "暂停计时：公示 Paused: public notice",
        },
        _ when approval.ClockPaused => "等待补正 Waiting for the supplement",
        _ => string.Join("、", approval.OpenTasks.Select(t => t.Name ?? t.ElementId).Distinct()) is { Length: > 0 } steps ? steps : "审查中 Under review",
    };
}

internal static class ProgressEndpoint
{
    public const string RateLimit = "intake-progress";

    /// <summary>At most 20 lookups a minute per client address on each node, so ID endings cannot be tried in bulk.</summary>
    public static IServiceCollection AddProgressRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, ct) =>
            {
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = "Too many lookups from this address; try again in a minute.",
                        Extensions = { ["code"] = "rate-limited" },
                    },
                });
            };
        });

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/progress", async (LookUpProgress request, ISender sender, CancellationToken ct) => (await sender.Send(request, ct)).ToHttp())
            .AllowAnonymous()
            .RequireRateLimiting(RateLimit)
            .WithName("LookUpProgress")
            .WithSummary("Public progress lookup: case number and the last 4 characters of the applicant's ID (in the body, so no log keeps them).")
            .Produces<ProgressView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
