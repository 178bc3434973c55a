using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseFlow.Intake.Contracts;

using static CaseFlow.Lifecycle.Tests.ApprovalSteps;

namespace CaseFlow.Lifecycle.Tests;

/// <summary>The service item's workflow decides the process its accepted cases run on, through the HTTP API.</summary>
public sealed class ItemWorkflowScenarioTests
{
    /// <summary>A catalogue file names enums by their names (docs/CATALOGUE.md).</summary>
    private static readonly JsonSerializerOptions CatalogueFile = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private LifecycleApp _app = null!;
    private int _items;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await LifecycleApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task An_item_with_a_co_department_on_single_department_approval_is_refused_at_create_and_at_import_naming_the_workflow()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        var single = Item(NextCode(), CaseType.Promised, ["fire-rescue"], "approval-single");
        var undeployed = Item(NextCode(), CaseType.Promised, [], "approval-nowhere");
        var reception = Item(NextCode(), CaseType.Promised, [], "intake");
        var immediate = Item(NextCode(), CaseType.Immediate, [], "approval-single");

        var created = await admin.PostAsJsonAsync("/api/intake/service-items", single);
        var imported = await admin.PostAsync("/api/intake/catalogue/import",
            new StringContent(JsonSerializer.Serialize(new[] { Item(NextCode(), CaseType.Promised, [], ""), single }, CatalogueFile), Encoding.UTF8, "application/json"));
        var unknown = await admin.PostAsJsonAsync("/api/intake/service-items", undeployed);
        var intake = await admin.PostAsJsonAsync("/api/intake/service-items", reception);
        var onTheSpot = await admin.PostAsJsonAsync("/api/intake/service-items", immediate);
        var parallel = await admin.PostAsJsonAsync("/api/intake/service-items", Item(NextCode(), CaseType.Promised, ["fire-rescue"], "approval-parallel"));
        var byDefault = await admin.PostAsJsonAsync("/api/intake/service-items", Item(NextCode(), CaseType.Joint, ["fire-rescue"], ""));
        var existing = await admin.GetFromJsonAsync<JsonElement>($"/api/intake/service-items/{LifecycleApp.ConstructionPermit}");
        var edited = await admin.PutAsJsonAsync($"/api/intake/service-items/{LifecycleApp.ConstructionPermit}", Edit(existing, "approval-single"));

        (await WorkflowErrorAsync(created)).ShouldContain("approval-parallel");
        imported.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problems = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().ToList();
        problems.ShouldHaveSingleItem().GetProperty("row").GetInt32().ShouldBe(2);
        problems[0].GetProperty("field").GetString().ShouldBe("workflow");
        (await WorkflowErrorAsync(unknown)).ShouldContain("approval-nowhere");
        (await WorkflowErrorAsync(intake)).ShouldContain("reception");
        (await WorkflowErrorAsync(onTheSpot)).ShouldContain("immediate");
        (await WorkflowErrorAsync(edited)).ShouldContain("approval-parallel");
        parallel.StatusCode.ShouldBe(HttpStatusCode.Created, await parallel.Content.ReadAsStringAsync());
        byDefault.StatusCode.ShouldBe(HttpStatusCode.Created, await byDefault.Content.ReadAsStringAsync());
        (await _app.CountAsync("SELECT count(*) FROM intake.service_items WHERE code = ANY($1)", (object)new[] { single.Code, undeployed.Code, reception.Code, immediate.Code }))
            .ShouldBe(0);
    }

    [Test]
    public async Task A_promised_item_configured_for_parallel_approval_runs_its_co_departments_in_parallel_branches()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var fire = await _app.SignedInClientAsync("approver-fire");
        using var resources = await _app.SignedInClientAsync("approver-resources");
        var code = NextCode();
        (await admin.PostAsJsonAsync("/api/intake/service-items", Item(code, CaseType.Promised, ["fire-rescue", "natural-resources"], "approval-parallel"))).EnsureSuccessStatusCode();
        var caseNumber = await _app.RegisterAndAcceptAsync(clerk, lead, code, []);

        await SignAsync(lead, await OnlyTaskAsync(lead, "housing-construction", caseNumber), "distribute", "分发至消防、自然资源并联审查。");
        var view = await lead.GetFromJsonAsync<JsonElement>($"/api/approval/cases/{caseNumber}");

        view.GetProperty("processKey").GetString().ShouldBe("approval-parallel");
        view.GetProperty("branches").EnumerateArray()
            .Where(b => !b.GetProperty("lead").GetBoolean())
            .Select(b => $"{b.GetProperty("departmentCode").GetString()}:{b.GetProperty("state").GetString()}")
            .ShouldBe(["fire-rescue:Opened", "natural-resources:Opened"], ignoreOrder: true);
        await OnlyTaskAsync(fire, "fire-rescue", caseNumber);
        await OnlyTaskAsync(resources, "natural-resources", caseNumber);
    }

    [Test]
    public async Task Changing_an_items_workflow_after_acceptance_leaves_the_running_case_on_its_process_and_the_next_case_takes_the_new_one()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var lead = await _app.SignedInClientAsync("lead-housing");
        var code = NextCode();
        // Without co-departments the case type's default would be single-department approval: the item's workflow decides.
        (await admin.PostAsJsonAsync("/api/intake/service-items", Item(code, CaseType.Promised, [], "approval-parallel"))).EnsureSuccessStatusCode();
        var first = await _app.RegisterAndAcceptAsync(clerk, lead, code, []);

        var item = await admin.GetFromJsonAsync<JsonElement>($"/api/intake/service-items/{code}");
        var edited = await admin.PutAsJsonAsync($"/api/intake/service-items/{code}", Edit(item, "approval-single"));
        var second = await _app.RegisterAndAcceptAsync(clerk, lead, code, []);
        var running = await lead.GetFromJsonAsync<JsonElement>($"/api/approval/cases/{first}");
        var next = await lead.GetFromJsonAsync<JsonElement>($"/api/approval/cases/{second}");

        edited.StatusCode.ShouldBe(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        running.GetProperty("processKey").GetString().ShouldBe("approval-parallel");
        running.GetProperty("activeSteps").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Task_Distribute"]);
        (await _app.CountAsync("SELECT count(*) FROM workflow.instances WHERE business_key = $1 AND definition_key = 'approval-parallel'", first)).ShouldBe(1);
        next.GetProperty("processKey").GetString().ShouldBe("approval-single");
        next.GetProperty("activeSteps").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Task_Review"]);
    }

    private string NextCode() => $"WF-{Interlocked.Increment(ref _items):D3}-{Guid.NewGuid().ToString("N")[..8]}";

    private static ServiceItemDto Item(string code, CaseType caseType, string[] coDepartments, string workflow) =>
        new(code, "工作流测试事项", caseType, "housing-construction", coDepartments, caseType == CaseType.Immediate ? 0 : 10, 20, true, 1)
        {
            LegalBasis = "《测试条例》第一条",
            Workflow = workflow,
        };

    private static JsonElement Edit(JsonElement item, string workflow)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(item.GetRawText())!;
        fields["workflow"] = JsonSerializer.SerializeToElement(workflow);
        return JsonSerializer.SerializeToElement(fields);
    }

    private static async Task<string> WorkflowErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["workflow"], body);
        return errors.GetProperty("workflow")[0].GetString()!;
    }
}
