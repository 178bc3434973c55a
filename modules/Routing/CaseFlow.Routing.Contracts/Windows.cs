using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Routing.Contracts;

/// <summary>A service window of the center (窗口), with the department it serves when it serves only one.</summary>
public sealed record WindowDto(string Code, string Name, string? DepartmentCode);

/// <summary>Lists the center's windows by code.</summary>
public sealed record ListWindows : IRequest<IReadOnlyList<WindowDto>>;
