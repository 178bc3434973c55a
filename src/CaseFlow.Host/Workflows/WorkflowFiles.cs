using CaseFlow.Workflow.Persistence;

namespace CaseFlow.Host.Workflows;

/// <summary>
/// Deploys the processes in <c>workflows/</c> at every start. Deploying is idempotent by content hash, so an unchanged
/// file keeps its version and a changed file becomes a new version; instances keep the version they started on.
/// </summary>
internal static class WorkflowFiles
{
    public static string? Directory(IConfiguration configuration)
    {
        if (configuration["CaseFlow:WorkflowsDirectory"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        // Published: next to the binaries. Development: the repository's workflows/ folder.
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "workflows");
                if (System.IO.Directory.Exists(candidate) && System.IO.Directory.EnumerateFiles(candidate, "*.bpmn").Any())
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public static async Task DeployAllAsync(WorkflowRuntime runtime, IConfiguration configuration, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (Directory(configuration) is not { } directory)
        {
            logger.LogWarning("No workflows/ folder found; no process definitions were deployed");
            return;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.bpmn").Order(StringComparer.Ordinal))
        {
            var result = await runtime.DeployAsync(await File.ReadAllTextAsync(file, cancellationToken), cancellationToken);
            if (result.Definition is { } definition)
            {
                if (definition.IsNew)
                {
                    logger.LogInformation("Deployed {File} as {Key} version {Version}", Path.GetFileName(file), definition.Key, definition.Version);
                }
            }
            else
            {
                // A broken file must not stop the center: the other processes still deploy, and the log names the problem.
                logger.LogError("{File} was not deployed: {Problems}", Path.GetFileName(file), string.Join("; ", result.Problems));
            }
        }
    }
}
