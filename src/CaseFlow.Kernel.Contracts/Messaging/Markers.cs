namespace CaseFlow.Kernel.Messaging;

/// <summary>Marks any request the mediator can send; used for dispatch by runtime type.</summary>
#pragma warning disable CA1040 // Marker interfaces are the contract the mediator dispatches on.
public interface IBaseRequest;

/// <summary>A request answered by exactly one handler with a <typeparamref name="TResponse"/>.</summary>
public interface IRequest<out TResponse> : IBaseRequest;

/// <summary>A request answered by exactly one handler with no value.</summary>
public interface IRequest : IRequest<Unit>;

/// <summary>Something that happened, delivered to every handler that subscribes to it.</summary>
public interface INotification;
#pragma warning restore CA1040

/// <summary>The value of a request that returns nothing.</summary>
public readonly record struct Unit
{
    /// <summary>The only value of <see cref="Unit"/>.</summary>
    public static readonly Unit Value;

    /// <inheritdoc />
    public override string ToString() => "()";
}
