using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Kernel.Messaging;

public static class MediatorRegistration
{
    /// <summary>Registers the mediator and every request and notification handler found in the assemblies, internal ones included.</summary>
    /// <exception cref="InvalidOperationException">A request type would get a second handler.</exception>
    public static IServiceCollection AddMediator(this IServiceCollection services, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(assemblies);
        services.TryAddScoped<IMediator, Mediator>();
        services.TryAddScoped<ISender>(sp => sp.GetRequiredService<IMediator>());
        services.TryAddScoped<IPublisher>(sp => sp.GetRequiredService<IMediator>());

        foreach (var type in assemblies.Distinct().SelectMany(LoadableTypes))
        {
            if (type.IsAbstract || type.IsInterface || type.IsGenericTypeDefinition)
            {
                continue;
            }

            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IRequestHandler<,>))
                {
                    AddRequestHandler(services, contract, type);
                }
                else if (definition == typeof(INotificationHandler<>)
                    && !services.Any(d => d.ServiceType == contract && d.ImplementationType == type))
                {
                    services.AddTransient(contract, type);
                }
            }
        }

        return services;
    }

    /// <summary>Adds an open generic behaviour (e.g. <c>typeof(ValidationBehavior&lt;,&gt;)</c>) around every request; behaviours run in the order they are added.</summary>
    public static IServiceCollection AddPipelineBehavior(this IServiceCollection services, Type openBehaviorType)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(openBehaviorType);
        if (!openBehaviorType.IsGenericTypeDefinition
            || !openBehaviorType.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPipelineBehavior<,>)))
        {
            throw new ArgumentException($"{openBehaviorType.Name} must be an open generic type implementing IPipelineBehavior<,>.", nameof(openBehaviorType));
        }

        services.AddTransient(typeof(IPipelineBehavior<,>), openBehaviorType);
        return services;
    }

    private static void AddRequestHandler(IServiceCollection services, Type contract, Type implementation)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == contract);
        if (existing is not null)
        {
            if (existing.ImplementationType == implementation)
            {
                return;
            }

            throw new InvalidOperationException(
                $"The request {contract.GetGenericArguments()[0].FullName} already has the handler {existing.ImplementationType?.FullName}; "
                + $"{implementation.FullName} cannot be a second one. A request has exactly one handler.");
        }

        services.AddTransient(contract, implementation);
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t is not null)!;
        }
    }
}
