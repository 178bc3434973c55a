namespace CaseFlow.Workflow.Rendering;

/// <summary>Element ids of one instance to highlight on its diagram, by state.</summary>
public sealed record DiagramMarks(IReadOnlySet<string> Active, IReadOnlySet<string> Completed, IReadOnlySet<string> Overdue);
