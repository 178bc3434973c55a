using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CaseFlow.Host.Tests;

public sealed class WorkflowApiTests
{
    private const string CoDepartmentsVariables = """
        {"leadDepartment":"housing-construction","coDepartments":["natural-resources","fire-rescue"],"departmentLimit":3}
        """;

    private CaseFlowApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await CaseFlowApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task The_processes_in_workflows_are_deployed_at_start()
    {
        using var admin = await _app.SignedInClientAsync("admin");

        var definitions = await admin.GetFromJsonAsync<JsonElement>("/api/workflows/definitions");

        definitions.EnumerateArray().Select(d => d.GetProperty("key").GetString()).Distinct()
            .ShouldBe(["approval-parallel", "approval-single", "hotline-ticket", "immediate", "intake"], ignoreOrder: true);
    }

    [Test]
    public async Task A_parallel_approval_runs_from_distribution_through_every_department_to_the_lead_decision()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var resources = await _app.SignedInClientAsync("approver-resources");
        using var fire = await _app.SignedInClientAsync("approver-fire");
        var id = await StartParallelAsync(lead, "2026-PAR-1");

        await CompleteOnlyTaskAsync(lead, id, "distributed");
        var fireTask = await OnlyTaskAsync(fire, id);
        var resourcesTask = await OnlyTaskAsync(resources, id);
        (await Complete(fire, id, fireTask, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Complete(resources, id, resourcesTask, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await CompleteOnlyTaskAsync(lead, id, "approve", """{"decision":"approve"}""");
        var instance = await lead.GetFromJsonAsync<JsonElement>($"/api/workflows/instances/{id}");

        instance.GetProperty("status").GetString().ShouldBe("Completed");
        instance.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("elementId").GetString()).ShouldContain("Task_DeliverResult");
    }

    [Test]
    public async Task An_approver_cannot_complete_another_departments_task()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var market = await _app.SignedInClientAsync("approver-market");
        var id = await StartParallelAsync(lead, "2026-PAR-2");
        await CompleteOnlyTaskAsync(lead, id, "distributed");
        var instance = await lead.GetFromJsonAsync<JsonElement>($"/api/workflows/instances/{id}");
        var fireTask = instance.GetProperty("openTasks").EnumerateArray().First(t => t.GetProperty("candidateDepartment").GetString() == "fire-rescue").GetProperty("id").GetString()!;

        var response = await Complete(market, id, fireTask, "approve");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await market.GetAsync("/api/workflows/tasks?department=fire-rescue")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Completing_a_task_twice_with_one_idempotency_key_gives_the_first_answer_and_one_step()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        var id = await StartParallelAsync(lead, "2026-PAR-3");
        var task = await OnlyTaskAsync(lead, id);

        var first = await Complete(lead, id, task, "distributed", idempotencyKey: "click-1");
        var second = await Complete(lead, id, task, "distributed", idempotencyKey: "click-1");
        var history = (await lead.GetFromJsonAsync<JsonElement>($"/api/workflows/instances/{id}")).GetProperty("history");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean().ShouldBeTrue();
        history.EnumerateArray().Count(h => h.GetProperty("kind").GetString() == "TaskCompleted").ShouldBe(1);
    }

    [Test]
    public async Task An_invalid_bpmn_upload_is_a_400_listing_each_problem_with_its_line()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        const string bpmn = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
              <process id="broken" isExecutable="true">
                <startEvent id="Start" />
                <sequenceFlow id="F1" sourceRef="Start" targetRef="Gate" />
                <inclusiveGateway id="Gate" />
              </process>
            </definitions>
            """;

        var response = await admin.PostAsync("/api/workflows/definitions", new StringContent(bpmn, Encoding.UTF8, "application/xml"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("bpmn").EnumerateArray().ShouldContain(e => e.GetString()!.Contains("inclusiveGateway", StringComparison.Ordinal));
        problem.GetProperty("problems").EnumerateArray().ShouldContain(p => p.GetProperty("line").GetInt32() == 6 && p.GetProperty("elementId").GetString() == "Gate");
    }

    [Test]
    public async Task Deploying_the_same_file_twice_keeps_one_version_and_a_changed_file_gets_the_next()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        var file = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "workflows", "immediate.bpmn"));

        var same = await admin.PostAsync("/api/workflows/definitions", new StringContent(file, Encoding.UTF8, "application/xml"));
        var changed = await admin.PostAsync("/api/workflows/definitions", new StringContent(file.Replace("即办件", "即办件（新版）", StringComparison.Ordinal), Encoding.UTF8, "application/xml"));

        same.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().ShouldBe(1);
        changed.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().ShouldBe(2);
    }

    [Test]
    public async Task The_public_gets_a_process_diagram_as_svg_and_staff_get_an_instance_diagram_with_the_current_step_marked()
    {
        using var anonymous = _app.CreateClient();
        using var lead = await _app.SignedInClientAsync("lead-housing");
        var id = await StartParallelAsync(lead, "2026-PAR-4");

        var published = await anonymous.GetAsync("/api/workflows/definitions/approval-parallel/diagram.svg");
        var marked = await lead.GetAsync($"/api/workflows/instances/{id}/diagram.svg");
        var svg = await marked.Content.ReadAsStringAsync();

        published.StatusCode.ShouldBe(HttpStatusCode.OK);
        published.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        marked.StatusCode.ShouldBe(HttpStatusCode.OK);
        svg.ShouldContain("data-element-id=\"Task_Distribute\"");
        svg.ShouldContain("cf-active");
    }

    [Test]
    public async Task A_message_for_a_case_number_without_a_running_instance_is_a_409_and_a_missing_name_a_400()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");

        var unknown = await clerk.PostAsJsonAsync("/api/workflows/messages", new { name = "supplementReceived", businessKey = "NO-SUCH-CASE" });
        var nameless = await clerk.PostAsJsonAsync("/api/workflows/messages", new { businessKey = "NO-SUCH-CASE" });

        unknown.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        nameless.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async Task<Guid> StartParallelAsync(HttpClient client, string businessKey)
    {
        using var body = new StringContent(
            $$"""{"definitionKey":"approval-parallel","businessKey":"{{businessKey}}","variables":{{CoDepartmentsVariables}}}""", Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/workflows/instances", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetGuid();
    }

    private static async Task<string> OnlyTaskAsync(HttpClient client, Guid instance)
    {
        var tasks = await client.GetFromJsonAsync<JsonElement>("/api/workflows/tasks");
        return tasks.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("instanceId").GetGuid() == instance).GetProperty("taskId").GetString()!;
    }

    private static async Task CompleteOnlyTaskAsync(HttpClient client, Guid instance, string outcome, string? variables = null)
    {
        var response = await Complete(client, instance, await OnlyTaskAsync(client, instance), outcome, variables);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> Complete(HttpClient client, Guid instance, string task, string outcome, string? variables = null, string? idempotencyKey = null)
    {
        var key = idempotencyKey is null ? "null" : $"\"{idempotencyKey}\"";
        var body = new StringContent($$"""{"outcome":"{{outcome}}","variables":{{variables ?? "null"}},"idempotencyKey":{{key}}}""", Encoding.UTF8, "application/json");
        return client.PostAsync($"/api/workflows/instances/{instance}/tasks/{task}/complete", body);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CaseFlow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }
}
