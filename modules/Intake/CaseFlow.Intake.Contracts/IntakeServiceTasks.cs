using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Workflow;

namespace CaseFlow.Intake.Contracts;

/// <summary>The intake process accepts the application (受理): case number, committed date, <see cref="CaseAccepted"/>.</summary>
[ServiceTask("intake.acceptCase")]
public sealed record AcceptCase : ServiceTaskRequest;

/// <summary>The intake process issues the single deficiency notice (一次性补正告知) for the materials the check found missing or defective.</summary>
[ServiceTask("intake.issueDeficiencyNotice")]
public sealed record IssueDeficiencyNotice : ServiceTaskRequest;

/// <summary>The intake process refuses the application (不予受理) with the reasons and legal basis the clerk gave.</summary>
[ServiceTask("intake.refuseCase")]
public sealed record RefuseCase : ServiceTaskRequest;

/// <summary>Neither acceptance nor notice within 5 working days of receipt: the case counts as accepted from receipt (art. 32).</summary>
[ServiceTask("intake.deemAccepted")]
public sealed record DeemCaseAccepted : ServiceTaskRequest;

/// <summary>
/// A department asks for a supplement during review (approval processes); the business key is the case number and the
/// variable <c>supplementMaterials</c> lists the materials asked for, each <c>{code, problem}</c> (a bare code takes
/// <c>supplementReason</c>). Send <see cref="CheckSupplementRequest"/> first: a request the single-notice rule forbids
/// fails here as a bug of the caller. The window's supplement resumes the instance that asked.
/// </summary>
[ServiceTask("intake.requestSupplement")]
public sealed record RequestSupplement : ServiceTaskRequest;

/// <summary>Whether the single-notice rule lets a department hold an accepted case for these materials now.</summary>
public sealed record CheckSupplementRequest(string CaseNumber, IReadOnlyList<string> Materials) : IRequest<SupplementRequestCheck>;

/// <summary>
/// The answer to <see cref="CheckSupplementRequest"/>: allowed, or the stable error code, a message a clerk understands and
/// the material code it concerns, if one.
/// </summary>
public sealed record SupplementRequestCheck(bool Allowed, string? ErrorCode, string? Message, string? Material = null);
