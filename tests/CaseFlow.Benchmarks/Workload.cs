namespace CaseFlow.Benchmarks;

/// <summary>What one instance of the parallel-approval process needs and does, the same for every engine.</summary>
public static class Workload
{
    public const string Distribute = "Task_Distribute";
    public const string CoReview = "Task_CoReview";
    public const string LeadDecision = "Task_LeadDecision";

    public static Dictionary<string, object?> StartVariables(int departments) => new(StringComparer.Ordinal)
    {
        ["leadDepartment"] = "LEAD",
        ["coDepartments"] = Enumerable.Range(1, departments).Select(i => "D" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        ["departmentLimit"] = 5,
    };

    public static readonly IReadOnlyDictionary<string, object?> Approve = new Dictionary<string, object?>(StringComparer.Ordinal) { ["decision"] = "approve" };

    /// <summary>Triggers per instance: start, distribution, one per co-department, lead decision.</summary>
    public static int TriggersPerInstance(int departments) => departments + 3;

    /// <summary>Finds the BPMN file: an explicit path, else workflows/approval-parallel.bpmn at the repository root.</summary>
    public static string BpmnPath(string? explicitPath) =>
        explicitPath is not null ? Path.GetFullPath(explicitPath) : Path.Combine(RepositoryRoot(), "workflows", "approval-parallel.bpmn");

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CaseFlow.sln")))
            {
                return directory.FullName;
            }
        }

        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CaseFlow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the CaseFlow checkout: CaseFlow.sln was not found above " + AppContext.BaseDirectory);
    }
}
