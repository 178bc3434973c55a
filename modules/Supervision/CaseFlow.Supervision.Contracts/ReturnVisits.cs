using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Supervision.Contracts;

/// <summary>Where a return-visit call stands.</summary>
public enum ReturnVisitState
{
    Pending,
    Reached,
    NotReached,
}

/// <summary>Draws the day's random share of completed cases as call tasks; a day already drawn is left as it is.</summary>
public sealed record SampleReturnVisits(DateOnly Day) : IRequest<ReturnVisitSample>;

/// <summary>How many cases were completed on the day, how many became call tasks, and whether this call drew them.</summary>
public sealed record ReturnVisitSample(DateOnly Day, int CompletedCases, int Sampled, bool DrawnNow);

/// <summary>Records the result of a return-visit call, once.</summary>
public sealed record RecordReturnVisit(Guid Id, bool Reached, RatingLevel? Satisfaction, string? Note, string By) : IRequest<Result<ReturnVisitDto>>;

/// <summary>The call tasks of one day.</summary>
public sealed record ListReturnVisits(DateOnly Day) : IRequest<IReadOnlyList<ReturnVisitDto>>;

/// <summary>A return-visit call task and its result.</summary>
public sealed record ReturnVisitDto(
    Guid Id,
    DateOnly Day,
    string CaseNumber,
    string DepartmentCode,
    string? WindowCode,
    string StaffId,
    ReturnVisitState State,
    RatingLevel? Satisfaction,
    string? Note,
    string? CalledBy,
    DateTimeOffset? CalledAt);
