namespace CaseFlow.Workflow.Model;

public enum ProblemSeverity
{
    Error,

    /// <summary>Loads and runs, but the modeler should know (an ignored element, a path that can deadlock).</summary>
    Warning,
}

/// <summary>One finding about a BPMN file: where (line, element) and what, in words a process modeler understands.</summary>
public sealed record ValidationProblem(int Line, string ElementId, string ElementType, string Message, ProblemSeverity Severity = ProblemSeverity.Error)
{
    public override string ToString() => $"line {Line}: {(Severity == ProblemSeverity.Warning ? "warning: " : "")}{Message}";
}

/// <summary>The outcome of loading a BPMN file: a definition when there are no errors, and every problem found.</summary>
public sealed record BpmnLoadResult(ProcessDefinition? Definition, IReadOnlyList<ValidationProblem> Problems)
{
    public bool IsValid => Definition is not null;

    public IEnumerable<ValidationProblem> Errors => Problems.Where(p => p.Severity == ProblemSeverity.Error);
}
