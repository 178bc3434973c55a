using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Persistence;
using CaseFlow.Workflow.Rendering;

namespace CaseFlow.Host.Workflows;

/// <summary>The process diagrams as SVG, for the REST API and the web UI alike.</summary>
internal static class WorkflowDiagrams
{
    /// <summary>A definition's diagram, the newest version unless one is given; null when there is no such process.</summary>
    public static async Task<string?> DefinitionAsync(WorkflowRuntime runtime, string key, int? version, CancellationToken cancellationToken)
    {
        var chosen = version ?? (await runtime.ListDefinitionsAsync(cancellationToken)).Where(d => d.Key == key).Select(d => (int?)d.Version).Max();
        return chosen is not null && await runtime.GetDefinitionXmlAsync(key, chosen.Value, cancellationToken) is { } xml
            ? BpmnSvgRenderer.Render(xml)
            : null;
    }

    /// <summary>An instance's diagram with its active, completed and overdue elements marked; null when there is no such instance.</summary>
    public static async Task<string?> InstanceAsync(WorkflowRuntime runtime, Guid instanceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await runtime.GetInstanceAsync(instanceId, cancellationToken) is not { } instance
            || await runtime.GetDefinitionXmlAsync(instance.DefinitionKey, instance.DefinitionVersion, cancellationToken) is not { } xml)
        {
            return null;
        }

        var history = await runtime.GetHistoryAsync(instanceId, cancellationToken);
        var active = instance.ActiveElements.ToHashSet(StringComparer.Ordinal);
        var completed = history.Where(h => h.Kind == nameof(WorkflowEventKind.Left) && !active.Contains(h.ElementId)).Select(h => h.ElementId).ToHashSet(StringComparer.Ordinal);
        var overdue = instance.State.Tasks.Where(t => t.DueAt < now).Select(t => t.ElementId).ToHashSet(StringComparer.Ordinal);
        return BpmnSvgRenderer.Render(xml, new DiagramMarks(active, completed, overdue));
    }
}
