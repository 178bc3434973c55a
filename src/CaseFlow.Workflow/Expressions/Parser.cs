namespace CaseFlow.Workflow.Expressions;

/// <summary>
/// Recursive descent over the token list. Precedence, loosest first: or, and, not, comparison, member access.
/// Depth is bounded so a hostile expression cannot exhaust the stack.
/// </summary>
internal sealed class Parser
{
    public const int MaxDepth = 32;

    private static readonly HashSet<string> Functions = ["count", "any", "all"];

    private readonly List<ExpressionToken> _tokens;
    private int _index;
    private int _depth;

    private Parser(List<ExpressionToken> tokens) => _tokens = tokens;

    public static (Node? Root, ExpressionError? Error) Parse(string body)
    {
        var tokens = new List<ExpressionToken>();
        var lexError = Lexer.Tokenize(body, tokens);
        if (lexError is not null)
        {
            return (null, lexError);
        }

        var parser = new Parser(tokens);
        try
        {
            var root = parser.ParseOr();
            if (parser.Current.Kind != TokenKind.End)
            {
                return (null, parser.Unexpected());
            }

            return (root, null);
        }
        catch (ParseFailure failure)
        {
            return (null, failure.Error);
        }
    }

    private ExpressionToken Current => _tokens[_index];

    private Node ParseOr()
    {
        Enter();
        var left = ParseAnd();
        while (Current.Kind == TokenKind.Or)
        {
            var op = Next();
            left = new BinaryNode(TokenKind.Or, left, ParseAnd(), op.Position);
        }

        _depth--;
        return left;
    }

    private Node ParseAnd()
    {
        var left = ParseNot();
        while (Current.Kind == TokenKind.And)
        {
            var op = Next();
            left = new BinaryNode(TokenKind.And, left, ParseNot(), op.Position);
        }

        return left;
    }

    private Node ParseNot()
    {
        if (Current.Kind == TokenKind.Not)
        {
            var op = Next();
            Enter();
            var operand = ParseNot();
            _depth--;
            return new NotNode(operand, op.Position);
        }

        return ParseComparison();
    }

    private Node ParseComparison()
    {
        var left = ParsePostfix();
        if (Current.Kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessOrEqual
            or TokenKind.Greater or TokenKind.GreaterOrEqual)
        {
            var op = Next();
            var right = ParsePostfix();
            left = new BinaryNode(op.Kind, left, right, op.Position);
            if (Current.Kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessOrEqual
                or TokenKind.Greater or TokenKind.GreaterOrEqual)
            {
                throw new ParseFailure(new ExpressionError(Current.Position, "comparisons cannot be chained; use 'and'"));
            }
        }

        return left;
    }

    private Node ParsePostfix()
    {
        var node = ParsePrimary();
        while (Current.Kind == TokenKind.Dot)
        {
            Next();
            var name = Current;
            if (name.Kind is not (TokenKind.Identifier or TokenKind.True or TokenKind.False or TokenKind.Null))
            {
                throw new ParseFailure(new ExpressionError(name.Position, "expected a member name after '.'"));
            }

            Next();
            if (Current.Kind == TokenKind.OpenParen)
            {
                throw new ParseFailure(new ExpressionError(name.Position, $"unknown function '{name.Text}' (available: count, any, all)"));
            }

            node = new MemberNode(node, name.Text, name.Position);
        }

        return node;
    }

    private Node ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
            case TokenKind.String:
                Next();
                return new LiteralNode(token.Value, token.Position);
            case TokenKind.True:
                Next();
                return new LiteralNode(true, token.Position);
            case TokenKind.False:
                Next();
                return new LiteralNode(false, token.Position);
            case TokenKind.Null:
                Next();
                return new LiteralNode(null, token.Position);
            case TokenKind.OpenParen:
                Next();
                Enter();
                var inner = ParseOr();
                _depth--;
                Expect(TokenKind.CloseParen, "')'");
                return inner;
            case TokenKind.Identifier:
                Next();
                if (Current.Kind == TokenKind.OpenParen)
                {
                    return ParseCall(token);
                }

                return new VariableNode(token.Text, token.Position);
            default:
                throw new ParseFailure(Unexpected());
        }
    }

    private CallNode ParseCall(ExpressionToken name)
    {
        if (!Functions.Contains(name.Text))
        {
            throw new ParseFailure(new ExpressionError(name.Position, $"unknown function '{name.Text}' (available: count, any, all)"));
        }

        Next();
        Enter();
        var arguments = new List<Node>();
        if (Current.Kind != TokenKind.CloseParen)
        {
            arguments.Add(ParseOr());
            while (Current.Kind == TokenKind.Comma)
            {
                Next();
                arguments.Add(ParseOr());
            }
        }

        _depth--;
        Expect(TokenKind.CloseParen, "')'");
        var expected = name.Text == "count" ? 1 : 2;
        if (arguments.Count != expected)
        {
            throw new ParseFailure(new ExpressionError(name.Position, $"{name.Text} takes {expected} argument{(expected == 1 ? "" : "s")}"));
        }

        return new CallNode(name.Text, arguments, name.Position);
    }

    private ExpressionToken Next() => _tokens[_index++];

    private void Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw new ParseFailure(new ExpressionError(Current.Position, $"expected {what} but found {Describe(Current)}"));
        }

        Next();
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new ParseFailure(new ExpressionError(Current.Position, $"expression is nested deeper than {MaxDepth} levels"));
        }
    }

    private ExpressionError Unexpected() => new(Current.Position, $"unexpected {Describe(Current)}");

    private static string Describe(ExpressionToken token) => token.Kind == TokenKind.End ? "end of expression" : $"'{token.Text}'";

    // Parse failures unwind a deep recursion; they are caught in Parse and returned as a value.
    private sealed class ParseFailure(ExpressionError error) : Exception(error.Message)
    {
        public ExpressionError Error { get; } = error;
    }
}
