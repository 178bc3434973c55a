namespace CaseFlow.Workflow.Expressions;

/// <summary>
/// A parsed expression of the CaseFlow language (see the caseflow: extension contract). Parsing happens once, at
/// validation; evaluation is a walk over a small tree with no loops or calls beyond count/any/all, so it is bounded
/// by the expression's size and the data it reads.
/// </summary>
internal sealed class CaseExpression
{
    public const int MaxLength = 1000;

    private readonly Node _root;

    private CaseExpression(string text, Node root)
    {
        Text = text;
        _root = root;
    }

    public string Text { get; }

    /// <summary>Parses text as written in a BPMN file; a JUEL <c>${...}</c> wrapper or a FEEL leading '=' is stripped.</summary>
    public static (CaseExpression? Expression, ExpressionError? Error) Parse(string text)
    {
        var (body, offset) = Strip(text);
        if (body.Length > MaxLength)
        {
            return (null, new ExpressionError(1, $"expression is longer than {MaxLength} characters"));
        }

        if (body.Trim().Length == 0)
        {
            return (null, new ExpressionError(1, "expression is empty"));
        }

        var (root, error) = Parser.Parse(body);
        return error is not null
            ? (null, error with { Position = error.Position + offset + 1 })
            : (new CaseExpression(text, root!), null);
    }

    public (object? Value, string? Error) Evaluate(IVariableSource variables)
    {
        try
        {
            return (Evaluator.Evaluate(_root, variables), null);
        }
        catch (EvaluationFailure failure)
        {
            return (null, $"expression '{Text}': {failure.Message}");
        }
    }

    public override string ToString() => Text;

    private static (string Body, int Offset) Strip(string text)
    {
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end - start >= 3 && text[start] is '$' or '#' && text[start + 1] == '{' && text[end - 1] == '}')
        {
            return (text[(start + 2)..(end - 1)], start + 2);
        }

        if (end - start >= 1 && text[start] == '=')
        {
            return (text[(start + 1)..end], start + 1);
        }

        return (text[..end], 0);
    }
}
