namespace CaseFlow.Workflow.Expressions;

internal abstract record Node(int Position);

internal sealed record LiteralNode(object? Value, int Position) : Node(Position);

internal sealed record VariableNode(string Name, int Position) : Node(Position);

internal sealed record MemberNode(Node Target, string Name, int Position) : Node(Position);

internal sealed record NotNode(Node Operand, int Position) : Node(Position);

internal sealed record BinaryNode(TokenKind Operator, Node Left, Node Right, int Position) : Node(Position);

internal sealed record CallNode(string Function, IReadOnlyList<Node> Arguments, int Position) : Node(Position);
