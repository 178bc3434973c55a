using System.Reflection;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Workflow;
using CaseFlow.Workflow.Execution;

namespace CaseFlow.Host.Workflows;

/// <summary>Which module request answers each <c>caseflow:handler</c> name, found on the modules' contract assemblies.</summary>
internal sealed class ServiceTaskCatalog
{
    private readonly Dictionary<string, Type> _requests;

    public ServiceTaskCatalog(IEnumerable<Assembly> contractAssemblies)
    {
        _requests = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in contractAssemblies.SelectMany(a => a.GetTypes()).Where(t => !t.IsAbstract && typeof(ServiceTaskRequest).IsAssignableFrom(t)))
        {
            var name = type.GetCustomAttribute<ServiceTaskAttribute>()?.Handler
                ?? throw new InvalidOperationException($"{type.FullName} is a service-task request without a [ServiceTask(\"name\")] attribute.");
            if (!_requests.TryAdd(name, type))
            {
                throw new InvalidOperationException($"The service-task handler '{name}' is claimed by both {_requests[name].FullName} and {type.FullName}.");
            }
        }
    }

    public IReadOnlyCollection<string> Handlers => _requests.Keys;

    public Type? RequestFor(string handler) => _requests.GetValueOrDefault(handler);
}

/// <summary>
/// Runs a BPMN service task by sending the module request registered for its handler name through the mediator.
/// A handler name no module answers yet completes the task with no result and a warning: a process can be deployed
/// and run before every module behind it exists, and the log says which step did nothing.
/// </summary>
internal sealed class MediatorServiceTaskPort(IServiceScopeFactory scopes, ServiceTaskCatalog catalog, ILogger<MediatorServiceTaskPort> logger) : IServiceTaskPort
{
    public async ValueTask<IReadOnlyDictionary<string, object?>?> InvokeAsync(InvokeServiceTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Handler is null || catalog.RequestFor(task.Handler) is not { } requestType)
        {
            logger.LogWarning("No module answers service task {Element} (handler {Handler}); it completes without effect", task.ElementId, task.Handler ?? "(none)");
            return null;
        }

        var request = (ServiceTaskRequest)Activator.CreateInstance(requestType)!;
        request = request with
        {
            InstanceId = task.InstanceId ?? Guid.Empty,
            BusinessKey = task.BusinessKey,
            JobId = task.JobId,
            ElementId = task.ElementId,
            Variables = task.Variables,
        };
        await using var scope = scopes.CreateAsyncScope();
        var result = (ServiceTaskResult?)await scope.ServiceProvider.GetRequiredService<ISender>().Send((object)request, cancellationToken);
        return result?.Variables;
    }
}
