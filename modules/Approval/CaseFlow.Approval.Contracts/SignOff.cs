using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Approval.Contracts;

/// <summary>
/// The body of a sign-off: an outcome, the written opinion, for a refusal its reasons and legal basis, and for a
/// supplement request every material asked for (a code from the case's item version) with the problem found.
/// </summary>
public sealed record SignOffBody(string? Outcome, string? Opinion, string? Reasons, string? LegalBasis, IReadOnlyList<SupplementMaterialBody?>? Materials = null);

/// <summary>One material a department asks the applicant to supplement, and what is wrong or missing.</summary>
public sealed record SupplementMaterialBody(string? Code, string? Problem);

public sealed record SignOffTask(Guid TaskId, Actor Actor, SignOffBody Body) : IRequest<Result<DepartmentTaskDto>>;
