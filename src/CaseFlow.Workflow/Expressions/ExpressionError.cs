namespace CaseFlow.Workflow.Expressions;

/// <summary>A parse or evaluation error; Position is the 1-based column in the text as written in the BPMN file.</summary>
public sealed record ExpressionError(int Position, string Message)
{
    public override string ToString() => $"at position {Position}: {Message}";
}
