namespace CaseFlow.Kernel.Messaging;

/// <summary>Answers one request type; exactly one per request type may be registered.</summary>
public interface IRequestHandler<in TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken);
}

/// <summary>Answers a request that returns nothing.</summary>
public interface IRequestHandler<in TRequest> : IRequestHandler<TRequest, Unit>
    where TRequest : IRequest<Unit>
{
    new Task Handle(TRequest request, CancellationToken cancellationToken);

    async Task<Unit> IRequestHandler<TRequest, Unit>.Handle(TRequest request, CancellationToken cancellationToken)
    {
        await Handle(request, cancellationToken);
        return Unit.Value;
    }
}

/// <summary>Reacts to a notification; every registered handler runs.</summary>
public interface INotificationHandler<in TNotification>
    where TNotification : INotification
{
    Task Handle(TNotification notification, CancellationToken cancellationToken);
}

/// <summary>The rest of the pipeline, ending in the handler.</summary>
#pragma warning disable CA1711 // The name MediatR users expect.
public delegate Task<TResponse> RequestHandlerDelegate<TResponse>(CancellationToken cancellationToken);
#pragma warning restore CA1711

/// <summary>Wraps every request of the types it accepts; behaviours run in registration order, the first outermost.</summary>
public interface IPipelineBehavior<in TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken);
}

/// <summary>Sends a request to its one handler.</summary>
public interface ISender
{
    Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default);

    /// <summary>Sends a request whose type is known only at run time; returns the handler's response, boxed.</summary>
    Task<object?> Send(object request, CancellationToken cancellationToken = default);
}

/// <summary>Publishes a notification to all its handlers.</summary>
public interface IPublisher
{
    Task Publish(INotification notification, CancellationToken cancellationToken = default);
}

/// <summary>Sends requests and publishes notifications.</summary>
public interface IMediator : ISender, IPublisher;

/// <summary>
/// A notification handler that can also take many notifications of its type at once. The outbox dispatcher hands it a
/// claimed run of outbox rows in the transaction that marks those rows delivered, so what the handler writes through the
/// transaction it is given commits together with the marks or not at all (a crash before the commit delivers the
/// whole run again). <see cref="IPublisher.Publish"/> and the dispatcher's one-at-a-time path use the single form.
/// A run goes in one call only when every handler of the type has this form; the handler must stay idempotent, since
/// delivery is still at least once (a failed run is delivered again one notification at a time).
/// </summary>
public interface IBatchNotificationHandler<TNotification> : INotificationHandler<TNotification>
    where TNotification : INotification
{
    /// <summary>Handles the notifications, in outbox order, inside <paramref name="transaction"/>; must not commit or roll it back.</summary>
    Task Handle(IReadOnlyList<TNotification> notifications, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken);
}
