namespace CaseFlow.Kernel.Primitives;

/// <summary>Either a value or an expected <see cref="Primitives.Error"/>; exceptions stay for bugs.</summary>
public readonly record struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"The result failed with {Error!.Code}: {Error.Message}");

#pragma warning disable CA1000 // Factory methods on the generic result are the idiom.
    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));
#pragma warning restore CA1000

#pragma warning disable CA2225 // Implicit conversions keep handlers readable; the named factories exist too.
    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
#pragma warning restore CA2225
}
