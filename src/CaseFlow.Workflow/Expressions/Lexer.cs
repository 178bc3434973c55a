using System.Globalization;
using System.Text;

namespace CaseFlow.Workflow.Expressions;

internal enum TokenKind
{
    Identifier,
    Number,
    String,
    True,
    False,
    Null,
    And,
    Or,
    Not,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    OpenParen,
    CloseParen,
    Comma,
    Dot,
    End,
}

/// <summary>One lexical token; Position is the 0-based offset in the expression body.</summary>
internal readonly record struct ExpressionToken(TokenKind Kind, string Text, int Position, object? Value = null);

internal static class Lexer
{
    public static ExpressionError? Tokenize(string text, List<ExpressionToken> tokens)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                var word = text[start..i];
                tokens.Add(new ExpressionToken(Keyword(word), word, start));
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                var literal = text[start..i];
                if (!decimal.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    return new ExpressionError(start, $"number '{literal}' is too large");
                }

                tokens.Add(new ExpressionToken(TokenKind.Number, literal, start, number));
                continue;
            }

            if (c is '"' or '\'')
            {
                var error = ReadString(text, ref i, out var value);
                if (error is not null)
                {
                    return error;
                }

                tokens.Add(new ExpressionToken(TokenKind.String, text[start..i], start, value));
                continue;
            }

            var two = i + 1 < text.Length ? text.Substring(i, 2) : null;
            var (kind, length) = two switch
            {
                "==" => (TokenKind.Equal, 2),
                "!=" => (TokenKind.NotEqual, 2),
                "<=" => (TokenKind.LessOrEqual, 2),
                ">=" => (TokenKind.GreaterOrEqual, 2),
                "&&" => (TokenKind.And, 2),
                "||" => (TokenKind.Or, 2),
                _ => c switch
                {
                    // A single '=' is FEEL's equality ('=price = 0'); the language has no assignment, so it is unambiguous.
                    '=' => (TokenKind.Equal, 1),
                    '<' => (TokenKind.Less, 1),
                    '>' => (TokenKind.Greater, 1),
                    '!' => (TokenKind.Not, 1),
                    '(' => (TokenKind.OpenParen, 1),
                    ')' => (TokenKind.CloseParen, 1),
                    ',' => (TokenKind.Comma, 1),
                    '.' => (TokenKind.Dot, 1),
                    _ => (TokenKind.End, 0),
                },
            };
            if (length == 0)
            {
                return new ExpressionError(start, $"unexpected character '{c}'");
            }

            tokens.Add(new ExpressionToken(kind, text.Substring(i, length), start));
            i += length;
        }

        tokens.Add(new ExpressionToken(TokenKind.End, "", text.Length));
        return null;
    }

    private static TokenKind Keyword(string word) => word switch
    {
        "true" => TokenKind.True,
        "false" => TokenKind.False,
        "null" => TokenKind.Null,
        "and" => TokenKind.And,
        "or" => TokenKind.Or,
        "not" => TokenKind.Not,
        _ => TokenKind.Identifier,
    };

    private static ExpressionError? ReadString(string text, ref int i, out string value)
    {
        var quote = text[i];
        var start = i;
        var builder = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == quote)
            {
                i++;
                value = builder.ToString();
                return null;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                builder.Append(text[i + 1] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    var other => other,
                });
                i += 2;
                continue;
            }

            builder.Append(c);
            i++;
        }

        value = "";
        return new ExpressionError(start, "string is not closed");
    }
}
