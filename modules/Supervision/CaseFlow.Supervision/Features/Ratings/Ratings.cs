using CaseFlow.Deadline.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Features.Statistics;
using CaseFlow.Supervision.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Supervision.Features.Ratings;

internal sealed class RateCaseValidator : AbstractValidator<RateCase>
{
    public RateCaseValidator()
    {
        RuleFor(r => r.CaseNumber).NotEmpty().MaximumLength(32);
        RuleFor(r => r.IdLast4).NotEmpty().Length(4).WithMessage("Give the last 4 characters of the applicant's ID.");
        RuleFor(r => r.Level).IsInEnum();
        RuleFor(r => r.Comment).MaximumLength(1000);
        // A bad review says what went wrong: the department cannot rectify, nor appeal, a bare "dissatisfied".
        RuleFor(r => r.Comment).NotEmpty().When(r => RatingRules.IsBad(r.Level)).WithMessage("Say what went wrong: a bad review needs a comment.");
    }
}

internal sealed class RectifyBadReviewValidator : AbstractValidator<RectifyBadReview>
{
    public RectifyBadReviewValidator()
    {
        RuleFor(r => r.Note).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.By).NotEmpty().MaximumLength(100);
    }
}

internal sealed class AppealBadReviewValidator : AbstractValidator<AppealBadReview>
{
    public AppealBadReviewValidator()
    {
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.By).NotEmpty().MaximumLength(100);
    }
}

internal sealed class DecideAppealValidator : AbstractValidator<DecideAppeal>
{
    public DecideAppealValidator()
    {
        RuleFor(r => r.Note).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.By).NotEmpty().MaximumLength(100);
    }
}

internal static class RatingRules
{
    public static bool IsBad(RatingLevel level) => level is RatingLevel.Dissatisfied or RatingLevel.VeryDissatisfied;

    public static Delta Count(RatingLevel level) => level switch
    {
        RatingLevel.VerySatisfied => new Delta(VerySatisfied: 1),
        RatingLevel.Satisfied => new Delta(Satisfied: 1),
        RatingLevel.BasicallySatisfied => new Delta(BasicallySatisfied: 1),
        RatingLevel.Dissatisfied => new Delta(Dissatisfied: 1),
        _ => new Delta(VeryDissatisfied: 1),
    };
}

/// <summary>
/// 好差评: the applicant rates a case once, after it is completed (办结, approved or refused: both are a service given),
/// proving who they are as for the progress lookup (case number and ID ending, checked by Intake). A bad review opens
/// a rectification by the case's lead department with a deadline on a Deadline clock (<c>rectification:&lt;case&gt;</c>)
/// and a <c>BadRating</c> ledger entry. One rating per case is a unique key, so a double submit gets a 409.
/// </summary>
internal sealed class RateCaseHandler(SupervisionDbContext db, ISender sender, TimeProvider clock, IOptions<SupervisionOptions> options)
    : IRequestHandler<RateCase, Result<RatingDto>>
{
    public async Task<Result<RatingDto>> Handle(RateCase request, CancellationToken cancellationToken)
    {
        if (await sender.Send(new VerifyCaseApplicant(request.CaseNumber.Trim(), request.IdLast4), cancellationToken) is not { } verified)
        {
            // The same answer for an unknown number and a wrong ID, as the progress lookup gives.
            return Error.NotFound("rating.case-not-found", "No case matches this number and ID.");
        }

        var fact = await db.CaseFacts.AsNoTracking()
            .SingleOrDefaultAsync(f => f.RegionCode == SupervisionModule.DefaultRegion && f.CaseNumber == verified.CaseNumber, cancellationToken);
        if (fact?.CompletedAt is null)
        {
            return Error.Conflict("rating.case-not-completed", "A case can be rated once it is completed.");
        }

        var now = clock.GetUtcNow();
        var rating = new Rating
        {
            Id = Guid.CreateVersion7(now),
            RegionCode = SupervisionModule.DefaultRegion,
            CaseNumber = verified.CaseNumber,
            Level = request.Level,
            Comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(),
            RatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Ratings.Add(rating);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Error.Conflict("rating.already-given", $"Case {verified.CaseNumber} has been rated already; a case is rated once.");
        }

        // The rating row holds the case's unique key before the clock starts, so a second rating never starts one; a
        // failure after StartClock rolls the rating back, and the retry finds the same clock (idempotent per owner key).
        Rectification? rectification = null;
        if (RatingRules.IsBad(request.Level))
        {
            var started = await sender.Send(new StartClock($"rectification:{verified.CaseNumber}", options.Value.RectificationDays, now), cancellationToken);
            if (!started.IsSuccess)
            {
                return started.Error!;
            }

            rectification = new Rectification
            {
                Id = Guid.CreateVersion7(now),
                RegionCode = SupervisionModule.DefaultRegion,
                RatingId = rating.Id,
                CaseNumber = verified.CaseNumber,
                DepartmentCode = fact.DepartmentCode,
                State = RectificationState.Open,
                OpenedAt = now,
                DueAt = started.Value!.DueAt,
                ClockId = started.Value.Id,
            };
            db.Rectifications.Add(rectification);
            await db.SaveChangesAsync(cancellationToken);
            await sender.Send(
                new RecordLedgerEntry(
                    LedgerEntryKind.BadRating,
                    $"rating:{verified.CaseNumber}:bad",
                    "case",
                    verified.CaseNumber,
                    fact.DepartmentCode,
                    $"Bad review ({request.Level}) of case {verified.CaseNumber}: {rating.Comment}",
                    now),
                cancellationToken);
        }

        await Counters.AddAsync(db, Attribution.Of(fact), CenterDate.Of(now), RatingRules.Count(request.Level), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RatingDto(rating.Id, rating.CaseNumber, rating.Level, rating.Comment, rating.RatedAt, rectification?.ToDto());
    }
}

/// <summary>
/// The rectification path: the department rectifies (with a note) or appeals; a supervisor upholds the appeal (the
/// rectification ends, the review stays on record but asks nothing more of the department) or rejects it (rectify
/// after all). Only the rectification's own department rectifies or appeals (administrators too). The appeal does not
/// stop the clock: the limit is the department's, so an appeal is made early.
/// </summary>
internal sealed class RectificationHandling(SupervisionDbContext db, ISender sender, TimeProvider clock)
    : IRequestHandler<RectifyBadReview, Result<RectificationDto>>,
      IRequestHandler<AppealBadReview, Result<RectificationDto>>,
      IRequestHandler<DecideAppeal, Result<RectificationDto>>,
      IRequestHandler<ListRatings, IReadOnlyList<RatingDto>>
{
    public Task<Result<RectificationDto>> Handle(RectifyBadReview request, CancellationToken cancellationToken) =>
        ChangeAsync(request.CaseNumber, request.ByDepartment, async (r, now) =>
        {
            if (r.State != RectificationState.Open)
            {
                return Error.Conflict("rectification.not-open", $"The rectification of case {r.CaseNumber} is {r.State}; only an open one can be rectified.");
            }

            await StopClockAsync(r, cancellationToken);
            r.State = RectificationState.Rectified;
            r.RectifiedBy = request.By;
            r.RectifiedAt = now;
            r.RectificationNote = request.Note.Trim();
            return null;
        }, cancellationToken);

    public Task<Result<RectificationDto>> Handle(AppealBadReview request, CancellationToken cancellationToken) =>
        ChangeAsync(request.CaseNumber, request.ByDepartment, (r, now) =>
        {
            if (r.State != RectificationState.Open || r.AppealedAt is not null)
            {
                return Task.FromResult<Error?>(Error.Conflict("rectification.cannot-appeal", $"The rectification of case {r.CaseNumber} is {r.State}; a bad review can be appealed once, while open."));
            }

            r.State = RectificationState.Appealed;
            r.AppealedBy = request.By;
            r.AppealedAt = now;
            r.AppealReason = request.Reason.Trim();
            return Task.FromResult<Error?>(null);
        }, cancellationToken);

    public Task<Result<RectificationDto>> Handle(DecideAppeal request, CancellationToken cancellationToken) =>
        ChangeAsync(request.CaseNumber, null, async (r, now) =>
        {
            if (r.State != RectificationState.Appealed)
            {
                return Error.Conflict("rectification.no-appeal", $"The rectification of case {r.CaseNumber} is {r.State}; there is no appeal to decide.");
            }

            if (request.Uphold)
            {
                await StopClockAsync(r, cancellationToken);
            }

            r.State = request.Uphold ? RectificationState.AppealUpheld : RectificationState.Open;
            r.DecidedBy = request.By;
            r.DecidedAt = now;
            r.DecisionNote = request.Note.Trim();
            return null;
        }, cancellationToken);

    public async Task<IReadOnlyList<RatingDto>> Handle(ListRatings request, CancellationToken cancellationToken)
    {
        var ratings = await db.Ratings.AsNoTracking()
            .Where(r => r.RegionCode == SupervisionModule.DefaultRegion && (!request.BadOnly || r.Level == RatingLevel.Dissatisfied || r.Level == RatingLevel.VeryDissatisfied))
            .OrderByDescending(r => r.Id)
            .Take(request.Limit)
            .ToListAsync(cancellationToken);
        var ids = ratings.Select(r => r.Id).ToList();
        var rectifications = await db.Rectifications.AsNoTracking().Where(r => ids.Contains(r.RatingId)).ToDictionaryAsync(r => r.RatingId, cancellationToken);
        return [.. ratings.Select(r => new RatingDto(r.Id, r.CaseNumber, r.Level, r.Comment, r.RatedAt, rectifications.GetValueOrDefault(r.Id)?.ToDto()))];
    }

    private async Task StopClockAsync(Rectification r, CancellationToken cancellationToken)
    {
        if (r.ClockId is { } clockId)
        {
            // A clock stopped by an earlier attempt answers clock.stopped: the change goes on.
            await sender.Send(new StopClock(clockId), cancellationToken);
        }
    }

    private async Task<Result<RectificationDto>> ChangeAsync(string caseNumber, string? byDepartment, Func<Rectification, DateTimeOffset, Task<Error?>> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rectification = await db.Rectifications
            .FromSql($"SELECT * FROM supervision.rectifications WHERE region_code = {SupervisionModule.DefaultRegion} AND case_number = {caseNumber} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (rectification is null)
        {
            return Error.NotFound("rectification.not-found", $"Case {caseNumber} has no bad review to rectify.");
        }

        if (byDepartment is not null && byDepartment != rectification.DepartmentCode)
        {
            return Error.Forbidden("rectification.other-department", $"The bad review of case {caseNumber} is for department {rectification.DepartmentCode} to answer.");
        }

        if (await change(rectification, clock.GetUtcNow()) is { } error)
        {
            return error;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rectification.ToDto();
    }
}
