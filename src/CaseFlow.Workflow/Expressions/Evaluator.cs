namespace CaseFlow.Workflow.Expressions;

/// <summary>Where an expression reads case variables from.</summary>
internal interface IVariableSource
{
    bool TryGet(string name, out object? value);
}

internal sealed class DictionaryVariables(IReadOnlyDictionary<string, object?> values) : IVariableSource
{
    public bool TryGet(string name, out object? value) => values.TryGetValue(name, out value);
}

internal static class Evaluator
{
    public static object? Evaluate(Node node, IVariableSource variables) => node switch
    {
        LiteralNode literal => literal.Value,
        // A missing variable reads as null: a condition such as outcome == "approve" is simply false before any outcome.
        VariableNode variable => variables.TryGet(variable.Name, out var value) ? Values.Normalize(value) : null,
        MemberNode member => Member(Evaluate(member.Target, variables), member.Name),
        NotNode not => !Boolean(Evaluate(not.Operand, variables), "not"),
        BinaryNode { Operator: TokenKind.And } and => Boolean(Evaluate(and.Left, variables), "and") && Boolean(Evaluate(and.Right, variables), "and"),
        BinaryNode { Operator: TokenKind.Or } or => Boolean(Evaluate(or.Left, variables), "or") || Boolean(Evaluate(or.Right, variables), "or"),
        BinaryNode binary => Compare(binary.Operator, Evaluate(binary.Left, variables), Evaluate(binary.Right, variables)),
        CallNode call => Call(call, variables),
        _ => throw new EvaluationFailure("unknown expression node"),
    };

    private static object? Member(object? target, string name) => target switch
    {
        null => null,
        IReadOnlyDictionary<string, object?> dictionary => dictionary.TryGetValue(name, out var value) ? Values.Normalize(value) : null,
        _ => throw new EvaluationFailure($"cannot read '{name}' of {Values.TypeName(target)}"),
    };

    private static bool Boolean(object? value, string op) => value is bool b
        ? b
        : throw new EvaluationFailure($"'{op}' needs a boolean but got {Values.Describe(value)}");

    private static bool Compare(TokenKind op, object? left, object? right)
    {
        if (op is TokenKind.Equal or TokenKind.NotEqual)
        {
            // Strict equality: "2" is not 2. Lists and objects compare by reference only, which is never useful, so refuse.
            if (left is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>
                || right is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>)
            {
                throw new EvaluationFailure("lists and objects cannot be compared with == or !=");
            }

            var equal = Equals(left, right);
            return op == TokenKind.Equal ? equal : !equal;
        }

        var order = (left, right) switch
        {
            (decimal l, decimal r) => l.CompareTo(r),
            (string l, string r) => string.CompareOrdinal(l, r),
            _ => throw new EvaluationFailure($"cannot order {Values.Describe(left)} and {Values.Describe(right)}"),
        };
        return op switch
        {
            TokenKind.Less => order < 0,
            TokenKind.LessOrEqual => order <= 0,
            TokenKind.Greater => order > 0,
            _ => order >= 0,
        };
    }

    private static object? Call(CallNode call, IVariableSource variables)
    {
        var list = Evaluate(call.Arguments[0], variables) switch
        {
            null => [],
            IReadOnlyList<object?> items => items,
            var other => throw new EvaluationFailure($"{call.Function} needs a list but got {Values.Describe(other)}"),
        };
        if (call.Function == "count")
        {
            return (decimal)list.Count;
        }

        var predicate = call.Arguments[1];
        foreach (var item in list)
        {
            var matched = Boolean(Evaluate(predicate, new ItemScope(Values.Normalize(item), variables)), call.Function);
            if (call.Function == "any" && matched)
            {
                return true;
            }

            if (call.Function == "all" && !matched)
            {
                return false;
            }
        }

        return call.Function == "all";
    }

    private sealed class ItemScope(object? item, IVariableSource outer) : IVariableSource
    {
        public bool TryGet(string name, out object? value)
        {
            if (name == "item")
            {
                value = item;
                return true;
            }

            return outer.TryGet(name, out value);
        }
    }
}
