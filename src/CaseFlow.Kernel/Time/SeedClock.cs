using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Kernel.Time;

/// <summary>
/// Lets the demo seed run the real commands "in the past": while a seed clock is open on the current async flow, every
/// <see cref="TimeProvider"/> the container hands out (<see cref="ShiftableTimeProvider"/>) reads the instant the seed
/// moved it to, and time goes on from there. Other flows (requests, the background workers) keep the real time.
/// </summary>
public sealed class SeedClock : IDisposable
{
    private static readonly AsyncLocal<SeedClock?> Open = new();

    private readonly TimeProvider _inner;
    private readonly SeedClock? _previous;
    private long _offsetTicks;

    private SeedClock(TimeProvider inner, SeedClock? previous)
    {
        _inner = inner;
        _previous = previous;
    }

    /// <summary>The shift the open seed clock gives the current flow (zero when none is open).</summary>
    internal static TimeSpan CurrentOffset => Open.Value is { } clock ? TimeSpan.FromTicks(Interlocked.Read(ref clock._offsetTicks)) : TimeSpan.Zero;

    /// <summary>
    /// Opens a seed clock on the current flow (synchronously, so it reaches everything the caller awaits afterwards),
    /// reading the real time from <paramref name="inner"/>, the container's undecorated clock.
    /// </summary>
    public static SeedClock Begin(TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var clock = new SeedClock(inner is ShiftableTimeProvider shiftable ? shiftable.Inner : inner, Open.Value);
        Open.Value = clock;
        return clock;
    }

    /// <summary>The real time, as the undecorated clock reads it.</summary>
    public DateTimeOffset RealNow => _inner.GetUtcNow();

    /// <summary>Moves this flow's time to <paramref name="instant"/>; it runs on from there at the real pace.</summary>
    public void MoveTo(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - _inner.GetUtcNow()).Ticks);

    /// <summary>Back to the real time on this flow.</summary>
    public void Dispose() => Open.Value = _previous;
}

/// <summary>The container's clock: the registered <see cref="TimeProvider"/>, shifted by the seed clock open on the current flow.</summary>
public sealed class ShiftableTimeProvider(TimeProvider inner) : TimeProvider
{
    public TimeProvider Inner { get; } = inner;

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow() + SeedClock.CurrentOffset;

    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Inner.CreateTimer(callback, state, dueTime, period);
}

/// <summary>
/// Builds the container with the last registered <see cref="TimeProvider"/> wrapped in a <see cref="ShiftableTimeProvider"/>.
/// It works on the finished service list, so a test host's own clock (registered after the application's) is the one
/// wrapped, and the seed can still shift it.
/// </summary>
public sealed class ShiftableClockProviderFactory(ServiceProviderOptions options) : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService);
        if (registered is null)
        {
            return services;
        }

        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(TimeProvider) && !services[i].IsKeyedService)
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton<TimeProvider>(sp => new ShiftableTimeProvider(registered switch
        {
            { ImplementationInstance: TimeProvider instance } => instance,
            { ImplementationFactory: { } factory } => (TimeProvider)factory(sp),
            { ImplementationType: { } type } => (TimeProvider)ActivatorUtilities.CreateInstance(sp, type),
            _ => TimeProvider.System,
        }));
        return services;
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => containerBuilder.BuildServiceProvider(options);
}
