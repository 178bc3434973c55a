using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Scheduling;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseFlow.Supervision.Features.ReturnVisits;

internal sealed class RecordReturnVisitValidator : AbstractValidator<RecordReturnVisit>
{
    public RecordReturnVisitValidator()
    {
        RuleFor(r => r.Satisfaction).IsInEnum();
        RuleFor(r => r.Satisfaction).NotNull().When(r => r.Reached).WithMessage("Say how satisfied the applicant was.");
        RuleFor(r => r.Satisfaction).Null().When(r => !r.Reached).WithMessage("An applicant who was not reached gave no satisfaction.");
        RuleFor(r => r.Note).MaximumLength(2000);
        RuleFor(r => r.By).NotEmpty().MaximumLength(100);
    }
}

/// <summary>
/// Rule 5 (回访): every day a random share (<c>ReturnVisitShare</c>, at least one case when any was completed) of the
/// cases completed that day becomes call tasks. A day is drawn once: its row in <c>return_visit_days</c> is inserted
/// first, so a second run, or a second node at the same moment (it waits on the key, then finds it), adds nothing.
/// </summary>
internal sealed class SampleReturnVisitsHandler(SupervisionDbContext db, TimeProvider clock, IOptions<SupervisionOptions> options)
    : IRequestHandler<SampleReturnVisits, ReturnVisitSample>
{
    public async Task<ReturnVisitSample> Handle(SampleReturnVisits request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO supervision.return_visit_days (region_code, day, completed_cases, sampled, sampled_at)
            VALUES ({SupervisionModule.DefaultRegion}, {request.Day}, 0, 0, {now})
            ON CONFLICT DO NOTHING
            """,
            cancellationToken);
        if (claimed == 0)
        {
            var drawn = await db.Database.SqlQuery<DrawnDay>(
                    $"""
                    SELECT completed_cases AS "CompletedCases", sampled AS "Sampled" FROM supervision.return_visit_days
                    WHERE region_code = {SupervisionModule.DefaultRegion} AND day = {request.Day}
                    """)
                .SingleAsync(cancellationToken);
            return new ReturnVisitSample(request.Day, drawn.CompletedCases, drawn.Sampled, DrawnNow: false);
        }

        var completed = await db.CaseFacts.AsNoTracking()
            .Where(f => f.RegionCode == SupervisionModule.DefaultRegion && f.CompletedOn == request.Day)
            .ToListAsync(cancellationToken);
        var count = completed.Count == 0 ? 0 : Math.Clamp((int)Math.Ceiling(completed.Count * options.Value.ReturnVisitShare), 1, completed.Count);
        var chosen = completed.ToArray();
        Random.Shared.Shuffle(chosen);
        foreach (var fact in chosen.Take(count))
        {
            db.ReturnVisits.Add(new ReturnVisit
            {
                Id = Guid.CreateVersion7(now),
                RegionCode = SupervisionModule.DefaultRegion,
                Day = request.Day,
                CaseNumber = fact.CaseNumber,
                CenterCode = fact.CenterCode,
                DepartmentCode = fact.DepartmentCode,
                WindowCode = fact.WindowCode,
                StaffId = fact.StaffId,
                State = ReturnVisitState.Pending,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            UPDATE supervision.return_visit_days SET completed_cases = {completed.Count}, sampled = {count}
            WHERE region_code = {SupervisionModule.DefaultRegion} AND day = {request.Day}
            """,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReturnVisitSample(request.Day, completed.Count, count, DrawnNow: true);
    }

    private sealed record DrawnDay(int CompletedCases, int Sampled);
}

internal sealed class ReturnVisitCalls(SupervisionDbContext db, TimeProvider clock)
    : IRequestHandler<RecordReturnVisit, Result<ReturnVisitDto>>, IRequestHandler<ListReturnVisits, IReadOnlyList<ReturnVisitDto>>
{
    public async Task<Result<ReturnVisitDto>> Handle(RecordReturnVisit request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var state = request.Reached ? ReturnVisitState.Reached : ReturnVisitState.NotReached;
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();

        // One conditional UPDATE: of two callers recording the same call, one wins and the other gets a 409.
        var changed = await db.ReturnVisits
            .Where(v => v.RegionCode == SupervisionModule.DefaultRegion && v.Id == request.Id && v.State == ReturnVisitState.Pending)
            .ExecuteUpdateAsync(
                set => set.SetProperty(v => v.State, state)
                    .SetProperty(v => v.Satisfaction, request.Satisfaction)
                    .SetProperty(v => v.Note, note)
                    .SetProperty(v => v.CalledBy, request.By)
                    .SetProperty(v => v.CalledAt, now),
                cancellationToken);
        var visit = await db.ReturnVisits.AsNoTracking().SingleOrDefaultAsync(v => v.RegionCode == SupervisionModule.DefaultRegion && v.Id == request.Id, cancellationToken);
        if (visit is null)
        {
            return Error.NotFound("return-visit.not-found", $"There is no return visit {request.Id}.");
        }

        return changed == 1 ? visit.ToDto() : Error.Conflict("return-visit.already-recorded", "This call's result was recorded already.");
    }

    public async Task<IReadOnlyList<ReturnVisitDto>> Handle(ListReturnVisits request, CancellationToken cancellationToken) =>
        [.. (await db.ReturnVisits.AsNoTracking()
            .Where(v => v.RegionCode == SupervisionModule.DefaultRegion && v.Day == request.Day)
            .OrderBy(v => v.CaseNumber)
            .ToListAsync(cancellationToken)).Select(v => v.ToDto())];
}

/// <summary>
/// The daily draw, run by the Host's clustered scheduler at 03:00 in Beijing (19:00 UTC) for the day before, when that
/// day's completions are in. Idempotent per day, so a retried or misfired firing draws nothing new.
/// </summary>
internal sealed class ReturnVisitSamplingJob(ISender sender) : IRecurringJob
{
    public string Name => "supervision.return-visits";

    public string Cron => "0 0 19 * * ?";

    public Task RunAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken) =>
        sender.Send(new SampleReturnVisits(DayBefore(scheduledAt)), cancellationToken);

    public static DateOnly DayBefore(DateTimeOffset scheduledAt) => CenterDate.Of(scheduledAt).AddDays(-1);
}

internal static class ReturnVisitRegistration
{
    public static IServiceCollection AddReturnVisitSampling(this IServiceCollection services) => services.AddRecurringJob<ReturnVisitSamplingJob>();
}
