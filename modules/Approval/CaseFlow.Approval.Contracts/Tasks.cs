using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Approval.Contracts;

public sealed record ReadDepartmentTask(Guid TaskId, Actor Actor) : IRequest<Result<DepartmentTaskDto>>;

/// <summary>One approver takes a task: the others see it claimed and cannot sign it.</summary>
public sealed record ClaimDepartmentTask(Guid TaskId, Actor Actor) : IRequest<Result<DepartmentTaskDto>>;
