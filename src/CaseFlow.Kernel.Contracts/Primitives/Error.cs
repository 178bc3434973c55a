namespace CaseFlow.Kernel.Primitives;

/// <summary>An expected failure: a stable code, a message a clerk understands, and the field it concerns if any.</summary>
public sealed record Error(string Code, string Message, ErrorKind Kind = ErrorKind.Invalid, string? Field = null)
{
    public static Error NotFound(string code, string message) => new(code, message, ErrorKind.NotFound);

    public static Error Conflict(string code, string message) => new(code, message, ErrorKind.Conflict);

    public static Error Invalid(string code, string message, string? field = null) => new(code, message, ErrorKind.Invalid, field);

    public static Error Forbidden(string code, string message) => new(code, message, ErrorKind.Forbidden);
}

/// <summary>The kind of an expected failure, which decides the HTTP status it is reported with.</summary>
public enum ErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    Forbidden,
}
