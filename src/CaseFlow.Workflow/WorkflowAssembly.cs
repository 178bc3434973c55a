namespace CaseFlow.Workflow;

/// <summary>Names the workflow runtime's assembly for registration and architecture checks.</summary>
public static class WorkflowAssembly;
