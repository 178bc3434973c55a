using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Kernel.Messaging;

internal sealed class Mediator(IServiceProvider services) : IMediator
{
    private static readonly ConcurrentDictionary<Type, RequestDispatcher> RequestDispatchers = new();
    private static readonly ConcurrentDictionary<Type, NotificationDispatcher> NotificationDispatchers = new();

    public async Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (TResponse)(await DispatcherFor(request.GetType()).Send(request, services, cancellationToken))!;
    }

    public Task<object?> Send(object request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DispatcherFor(request.GetType()).Send(request, services, cancellationToken);
    }

    public Task Publish(INotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var dispatcher = NotificationDispatchers.GetOrAdd(
            notification.GetType(),
            static type => (NotificationDispatcher)Activator.CreateInstance(typeof(NotificationDispatcher<>).MakeGenericType(type))!);
        return dispatcher.Publish(notification, services, cancellationToken);
    }

    private static RequestDispatcher DispatcherFor(Type requestType) =>
        RequestDispatchers.GetOrAdd(requestType, static type =>
        {
            var responseType = type.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))
                .Select(i => i.GetGenericArguments()[0])
                .FirstOrDefault()
                ?? throw new ArgumentException($"{type.FullName} is not a request: it does not implement IRequest<TResponse>.", nameof(requestType));
            return (RequestDispatcher)Activator.CreateInstance(typeof(RequestDispatcher<,>).MakeGenericType(type, responseType))!;
        });

    private abstract class RequestDispatcher
    {
        public abstract Task<object?> Send(object request, IServiceProvider services, CancellationToken cancellationToken);
    }

    private sealed class RequestDispatcher<TRequest, TResponse> : RequestDispatcher
        where TRequest : IRequest<TResponse>
    {
        public override async Task<object?> Send(object request, IServiceProvider services, CancellationToken cancellationToken)
        {
            var typed = (TRequest)request;
            var handler = services.GetService<IRequestHandler<TRequest, TResponse>>()
                ?? throw new MissingHandlerException(typeof(TRequest));

            RequestHandlerDelegate<TResponse> pipeline = ct => handler.Handle(typed, ct);
            // The first registered behaviour is the outermost, so fold from the last one inwards.
            foreach (var behavior in services.GetServices<IPipelineBehavior<TRequest, TResponse>>().Reverse())
            {
                var next = pipeline;
                pipeline = ct => behavior.Handle(typed, next, ct);
            }

            return await pipeline(cancellationToken);
        }
    }

    private abstract class NotificationDispatcher
    {
        public abstract Task Publish(INotification notification, IServiceProvider services, CancellationToken cancellationToken);
    }

    private sealed class NotificationDispatcher<TNotification> : NotificationDispatcher
        where TNotification : INotification
    {
        public override async Task Publish(INotification notification, IServiceProvider services, CancellationToken cancellationToken)
        {
            List<Exception>? failures = null;
            foreach (var handler in services.GetServices<INotificationHandler<TNotification>>())
            {
                try
                {
                    await handler.Handle((TNotification)notification, cancellationToken);
                }
#pragma warning disable CA1031 // Every handler runs; failures are collected and rethrown together below.
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    (failures ??= []).Add(ex);
                }
            }

            if (failures is not null)
            {
                throw new AggregateException(
                    $"{failures.Count} handler(s) of {typeof(TNotification).Name} failed.", failures);
            }
        }
    }
}

/// <summary>Thrown when a request is sent for which no handler is registered.</summary>
public sealed class MissingHandlerException(Type requestType)
    : InvalidOperationException($"No handler is registered for the request {requestType.FullName}. Register the module that handles it.")
{
    public Type RequestType { get; } = requestType;
}
