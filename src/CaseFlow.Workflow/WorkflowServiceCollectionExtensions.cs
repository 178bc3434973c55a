using CaseFlow.Kernel.Persistence;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Workflow;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers the workflow runtime on the Host's NpgsqlDataSource, its migrations (schema "workflow") and the timer
    /// worker. Register an <see cref="IServiceTaskPort"/> (mediator-backed) and an <see cref="IWorkingCalendar"/>
    /// (holiday-aware) before or after; without them service tasks complete at once and the calendar is Monday–Friday.
    /// </summary>
    public static IServiceCollection AddCaseFlowWorkflow(this IServiceCollection services, Action<WorkflowOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new WorkflowOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWorkingCalendar>(new WorkingCalendar());
        services.TryAddSingleton<IServiceTaskPort, CompletingServiceTaskPort>();
        services.TryAddSingleton(sp => new WorkflowEngine(sp.GetRequiredService<IWorkingCalendar>()));
        services.TryAddSingleton<WorkflowRuntime>();
        services.AddSingleton(new ModuleMigrations("Workflow", "workflow", typeof(WorkflowRuntime).Assembly));
        services.AddHostedService<WorkflowTimerWorker>();
        return services;
    }
}

/// <summary>The port used until the Host registers one: the task completes with no result, and says so in the log.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1812", Justification = "Created by the DI container.")]
internal sealed class CompletingServiceTaskPort(ILogger<CompletingServiceTaskPort> logger) : IServiceTaskPort
{
    public ValueTask<IReadOnlyDictionary<string, object?>?> InvokeAsync(InvokeServiceTask task, CancellationToken cancellationToken)
    {
        logger.LogWarning("No service task port is registered; service task {Element} (handler {Handler}) completes without running", task.ElementId, task.Handler);
        return ValueTask.FromResult<IReadOnlyDictionary<string, object?>?>(null);
    }
}
