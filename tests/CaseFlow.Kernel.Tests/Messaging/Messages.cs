using System.Reflection;
using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Kernel.Tests.Messaging;

public sealed record Ping(string Text) : IRequest<string>;

internal sealed class PingHandler : IRequestHandler<Ping, string>
{
    public Task<string> Handle(Ping request, CancellationToken cancellationToken) => Task.FromResult($"pong: {request.Text}");
}

internal sealed record AskInternal(int Value) : IRequest<int>;

internal sealed class AskInternalHandler : IRequestHandler<AskInternal, int>
{
    public Task<int> Handle(AskInternal request, CancellationToken cancellationToken) => Task.FromResult(request.Value + 1);
}

public sealed record Record(string Entry) : IRequest;

internal sealed class RecordHandler(List<string> log) : IRequestHandler<Record>
{
    public Task Handle(Record request, CancellationToken cancellationToken)
    {
        log.Add(request.Entry);
        return Task.CompletedTask;
    }
}

public sealed record CaseClosed(string CaseNumber) : INotification;

public sealed record NobodyListens : INotification;

internal sealed class FirstCaseClosedHandler(List<string> log) : INotificationHandler<CaseClosed>
{
    public Task Handle(CaseClosed notification, CancellationToken cancellationToken)
    {
        log.Add($"first {notification.CaseNumber}");
        return Task.CompletedTask;
    }
}

internal sealed class FailingCaseClosedHandler : INotificationHandler<CaseClosed>
{
    public Task Handle(CaseClosed notification, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"failing handler for {notification.CaseNumber}");
}

internal sealed class SecondCaseClosedHandler(List<string> log) : INotificationHandler<CaseClosed>
{
    public Task Handle(CaseClosed notification, CancellationToken cancellationToken)
    {
        log.Add($"second {notification.CaseNumber}");
        return Task.CompletedTask;
    }
}

internal sealed class OuterBehavior<TRequest, TResponse>(List<string> log) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        log.Add("outer in");
        var response = await next(cancellationToken);
        log.Add("outer out");
        return response;
    }
}

internal sealed class InnerBehavior<TRequest, TResponse>(List<string> log) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        log.Add("inner in");
        var response = await next(cancellationToken);
        log.Add("inner out");
        return response;
    }
}

internal sealed class ShortCircuit<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    public Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken) =>
        Task.FromResult((TResponse)(object)"short-circuited");
}

/// <summary>A second handler for <see cref="Ping"/>: generic so the scan skips it; a test feeds one closed form to the duplicate check.</summary>
public sealed class DuplicatePingHandler<TUnused> : IRequestHandler<Ping, string>
{
    public Task<string> Handle(Ping request, CancellationToken cancellationToken) => Task.FromResult("duplicate");
}

/// <summary>An assembly view that exposes one type, so a test can scan "another module" holding just that handler.</summary>
internal sealed class SingleTypeAssembly(Type type) : Assembly
{
    public override Type[] GetTypes() => [type];

    public override string? FullName => $"SingleType({type.Name})";
}
