using System.Text;
using System.Text.Json;
using CaseFlow.Kernel.Access;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Persistence;

namespace CaseFlow.Host.Workflows;

internal sealed record DefinitionView(string Key, int Version, string ContentHash, string? Name);

internal sealed record StartInstanceRequest(string DefinitionKey, string? BusinessKey, Dictionary<string, JsonElement>? Variables, string? IdempotencyKey);

internal sealed record CompleteTaskRequest(string? Outcome, Dictionary<string, JsonElement>? Variables, string? IdempotencyKey);

internal sealed record CorrelateMessageRequest(string Name, string? BusinessKey, Dictionary<string, JsonElement>? Variables, string? IdempotencyKey);

internal sealed record InstanceDetail(
    Guid Id,
    string DefinitionKey,
    int DefinitionVersion,
    string? BusinessKey,
    string Status,
    long Version,
    bool ClockPaused,
    IReadOnlyList<string> ActiveElements,
    IReadOnlyList<UserTaskState> OpenTasks,
    IReadOnlyDictionary<string, JsonElement> Variables,
    IReadOnlyList<HistoryEntry> History,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt);

/// <summary>The runtime's REST face: definitions, instances, tasks, messages and diagrams.</summary>
internal static class WorkflowEndpoints
{
    private const int MaxDefinitionBytes = 2 * 1024 * 1024;

    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/workflows").WithTags("Workflows");

        group.MapPost("/definitions", DeployAsync).RequireAuthorization(Policies.Administrators)
            .Accepts<string>("application/xml", "text/xml")
            .WithSummary("Deploys a BPMN 2.0 file; an unchanged file keeps its version, a changed one becomes a new version.")
            .Produces<DefinitionView>(StatusCodes.Status201Created).Produces<DefinitionView>().ProducesValidationProblem();
        group.MapGet("/definitions", async (WorkflowRuntime runtime, CancellationToken ct) =>
                Results.Ok((await runtime.ListDefinitionsAsync(ct)).Select(d => new DefinitionView(d.Key, d.Version, d.ContentHash, d.Name))))
            .RequireAuthorization(Policies.Staff).WithSummary("Every deployed definition version.").Produces<IReadOnlyList<DefinitionView>>();
        group.MapGet("/definitions/{key}/versions/{version:int}/bpmn", async (string key, int version, WorkflowRuntime runtime, CancellationToken ct) =>
                await runtime.GetDefinitionXmlAsync(key, version, ct) is { } xml
                    ? Results.Text(xml, "application/xml", Encoding.UTF8)
                    : NotFound($"There is no version {version} of the process {key}."))
            .RequireAuthorization(Policies.Staff).WithSummary("The BPMN file of one definition version.");
        // Process diagrams are published with the service guides (政务公开), so they need no sign-in.
        group.MapGet("/definitions/{key}/diagram.svg", DefinitionDiagramAsync).AllowAnonymous()
            .WithSummary("The process diagram of a definition (newest version unless ?version= is given).").Produces<string>(contentType: "image/svg+xml");

        group.MapPost("/instances", StartAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("Starts an instance of the newest version of a definition.").Produces<TriggerOutcome>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/instances/{id:guid}", ReadInstanceAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("An instance: state, active elements, open tasks, variables and history.").Produces<InstanceDetail>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/instances/{id:guid}/diagram.svg", InstanceDiagramAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("The instance's diagram with active, completed and overdue elements marked.").Produces<string>(contentType: "image/svg+xml");
        group.MapPost("/instances/{id:guid}/tasks/{taskId}/complete", CompleteTaskAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("Completes an open user task with an outcome and variables.").Produces<TriggerOutcome>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/instances/{id:guid}/messages", CorrelateToInstanceAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("Delivers a message to one instance.").Produces<TriggerOutcome>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/messages", CorrelateByBusinessKeyAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("Delivers a message to the running instance with a business key (a case number).").Produces<TriggerOutcome>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/tasks", QueryTasksAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("Open user tasks, earliest due first; approvers see their own department's, clerks their role's.")
            .Produces<TaskPage>().ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    private static async Task<IResult> DeployAsync(HttpRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        if (request.ContentLength > MaxDefinitionBytes)
        {
            return Invalid("bpmn", $"A BPMN file may be at most {MaxDefinitionBytes / 1024 / 1024} MB.");
        }

        string xml;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.GetFile("file") is not { } file)
            {
                return Invalid("file", "Upload the BPMN file in the form field 'file'.");
            }

            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            xml = await reader.ReadToEndAsync(ct);
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            xml = await reader.ReadToEndAsync(ct);
        }

        if (string.IsNullOrWhiteSpace(xml))
        {
            return Invalid("bpmn", "The body must be a BPMN 2.0 XML file.");
        }

        var result = await runtime.DeployAsync(xml, ct);
        if (result.Definition is not { } definition)
        {
            var errors = result.Problems.Where(p => p.Severity == CaseFlow.Workflow.Model.ProblemSeverity.Error).ToList();
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["bpmn"] = [.. errors.Select(p => p.ToString())] },
                title: "The BPMN file is not valid.",
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = "workflow.invalid-definition",
                    ["problems"] = result.Problems.Select(p => new { p.Line, p.ElementId, p.ElementType, p.Message, Severity = p.Severity.ToString() }).ToList(),
                });
        }

        var view = new DefinitionView(definition.Key, definition.Version, definition.ContentHash, definition.Name);
        return definition.IsNew ? Results.Created($"/api/workflows/definitions/{definition.Key}/versions/{definition.Version}/bpmn", view) : Results.Ok(view);
    }

    private static async Task<IResult> DefinitionDiagramAsync(string key, int? version, WorkflowRuntime runtime, CancellationToken ct) =>
        await WorkflowDiagrams.DefinitionAsync(runtime, key, version, ct) is { } svg
            ? Results.Text(svg, "image/svg+xml", Encoding.UTF8)
            : NotFound($"There is no process {key}{(version is null ? string.Empty : $" version {version}")}.");

    private static async Task<IResult> StartAsync(StartInstanceRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.DefinitionKey))
        {
            return Invalid("definitionKey", "Name the process to start.");
        }

        var outcome = await runtime.StartAsync(request.DefinitionKey, Variables(request.Variables), request.BusinessKey, request.IdempotencyKey, ct);
        return outcome.Applied
            ? Results.Created($"/api/workflows/instances/{outcome.InstanceId}", outcome)
            : Refused(outcome);
    }

    private static async Task<IResult> ReadInstanceAsync(Guid id, WorkflowRuntime runtime, CancellationToken ct)
    {
        if (await runtime.GetInstanceAsync(id, ct) is not { } instance)
        {
            return NotFound($"There is no instance {id}.");
        }

        var history = await runtime.GetHistoryAsync(id, ct);
        return Results.Ok(new InstanceDetail(
            instance.Id, instance.DefinitionKey, instance.DefinitionVersion, instance.BusinessKey, instance.Status.ToString(), instance.Version,
            instance.State.ClockPaused, instance.ActiveElements, instance.State.Tasks, instance.State.Variables, history, instance.StartedAt, instance.EndedAt));
    }

    private static async Task<IResult> InstanceDiagramAsync(Guid id, WorkflowRuntime runtime, TimeProvider clock, CancellationToken ct) =>
        await WorkflowDiagrams.InstanceAsync(runtime, id, clock.GetUtcNow(), ct) is { } svg
            ? Results.Text(svg, "image/svg+xml", Encoding.UTF8)
            : NotFound($"There is no instance {id}.");

    private static async Task<IResult> CompleteTaskAsync(Guid id, string taskId, CompleteTaskRequest request, HttpContext context, WorkflowRuntime runtime, CancellationToken ct)
    {
        if (await runtime.GetInstanceAsync(id, ct) is not { } instance)
        {
            return NotFound($"There is no instance {id}.");
        }

        if (instance.State.Tasks.FirstOrDefault(t => t.Id == taskId) is not { } task)
        {
            // Already completed with this key: answer as the first time did.
            if (request.IdempotencyKey is not null)
            {
                var repeated = await runtime.CompleteTaskAsync(id, taskId, null, request.Outcome, Variables(request.Variables), request.IdempotencyKey, ct);
                return repeated.Applied ? Results.Ok(repeated) : Refused(repeated);
            }

            return Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: $"The task {taskId} is not open on instance {id}.",
                extensions: new Dictionary<string, object?> { ["code"] = "workflow.task-not-open" });
        }

        var actor = context.Actor()!;
        if (!MayComplete(actor, task))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden,
                detail: "This task is assigned to someone else, or to another role or department.",
                extensions: new Dictionary<string, object?> { ["code"] = "workflow.not-your-task" });
        }

        var outcome = await runtime.CompleteTaskAsync(id, taskId, actor.Id, request.Outcome, Variables(request.Variables), request.IdempotencyKey, ct);
        return outcome.Applied ? Results.Ok(outcome) : Refused(outcome);
    }

    private static async Task<IResult> CorrelateToInstanceAsync(Guid id, CorrelateMessageRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Invalid("name", "Name the message.");
        }

        var outcome = await runtime.CorrelateMessageAsync(id, request.Name, Variables(request.Variables), request.IdempotencyKey, ct);
        return outcome.Applied ? Results.Ok(outcome) : Refused(outcome);
    }

    private static async Task<IResult> CorrelateByBusinessKeyAsync(CorrelateMessageRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Invalid("name", "Name the message.");
        }

        if (string.IsNullOrWhiteSpace(request.BusinessKey))
        {
            return Invalid("businessKey", "Give the business key (case number) of the instance.");
        }

        var outcome = await runtime.CorrelateMessageAsync(request.BusinessKey, request.Name, Variables(request.Variables), request.IdempotencyKey, ct);
        return outcome.Applied ? Results.Ok(outcome) : Refused(outcome);
    }

    private static async Task<IResult> QueryTasksAsync(HttpContext context, WorkflowRuntime runtime, string? assignee, string? role, string? department, string? after, int? pageSize, CancellationToken ct)
    {
        if (pageSize is < 1 or > 200)
        {
            return Invalid("pageSize", "pageSize must be between 1 and 200.");
        }

        var actor = context.Actor()!;
        if (!actor.IsIn(StaffRoles.Supervisor) && !actor.IsIn(StaffRoles.Administrator))
        {
            // Staff see their own work: their department's, their role's, or what is assigned to them.
            if ((department is not null && department != actor.DepartmentCode) || (role is not null && !actor.IsIn(role)) || (assignee is not null && assignee != actor.Id))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "You may list only your own department's, role's or personal tasks.");
            }

            if (department is null && role is null && assignee is null)
            {
                department = actor.DepartmentCode;
                assignee = actor.DepartmentCode is null && !actor.IsIn(StaffRoles.WindowClerk) ? actor.Id : null;
                role = actor.DepartmentCode is null && actor.IsIn(StaffRoles.WindowClerk) ? StaffRoles.WindowClerk : null;
            }
        }

        return Results.Ok(await runtime.QueryTasksAsync(new TaskQuery(assignee, role, department, pageSize ?? 50, after), ct));
    }

    /// <summary>An assigned task is its assignee's; otherwise the actor must hold the candidate role and belong to the candidate department.</summary>
    internal static bool MayComplete(Actor actor, UserTaskState task)
    {
        if (actor.IsIn(StaffRoles.Administrator))
        {
            return true;
        }

        if (task.Assignee is not null)
        {
            return task.Assignee == actor.Id;
        }

        return (task.CandidateRole is null || actor.IsIn(task.CandidateRole))
            && (task.CandidateDepartment is null || task.CandidateDepartment == actor.DepartmentCode);
    }

    private static Dictionary<string, object?>? Variables(Dictionary<string, JsonElement>? variables) =>
        variables?.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal);

    private static IResult Refused(TriggerOutcome outcome) =>
        outcome.Status is null && outcome.Error?.StartsWith("there is no instance", StringComparison.Ordinal) == true
            ? NotFound(outcome.Error)
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The process cannot take this step.", detail: outcome.Error,
                extensions: new Dictionary<string, object?> { ["code"] = "workflow.refused" });

    private static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: detail);

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
