using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Routing.Contracts;

/// <summary>A department stationed at the center, with the queue its cases are routed to.</summary>
public sealed record DepartmentDto(string Code, string Name, bool Active);

/// <summary>Reads one department by code; null when there is none.</summary>
public sealed record GetDepartment(string Code) : IRequest<DepartmentDto?>;
