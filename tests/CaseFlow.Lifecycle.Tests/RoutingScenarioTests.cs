using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Intake.Contracts;

namespace CaseFlow.Lifecycle.Tests;

/// <summary>Routing from the item and case handovers between departments under first-contact rules, through the HTTP API.</summary>
public sealed class RoutingScenarioTests
{
    private LifecycleApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await LifecycleApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task A_construction_permit_is_routed_to_its_lead_and_co_departments_from_the_item()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var resources = await _app.SignedInClientAsync("approver-resources");
        await _app.AcceptCaseAsync("RT-2026-0001", CaseType.Joint, "housing-construction", ["natural-resources", "fire-rescue", "ecology-environment"]);

        var route = await clerk.GetFromJsonAsync<JsonElement>("/api/routing/service-items/11000000MB0000002-JZ-03/route");
        var queue = await resources.GetFromJsonAsync<JsonElement>("/api/routing/departments/natural-resources/queue");
        var otherQueue = await resources.GetAsync("/api/routing/departments/fire-rescue/queue");
        var unknown = await clerk.GetAsync("/api/routing/service-items/NO-SUCH-ITEM/route");

        route.GetProperty("lead").GetProperty("code").GetString().ShouldBe("housing-construction");
        route.GetProperty("coDepartments").EnumerateArray().Select(d => d.GetProperty("code").GetString()).ShouldBe(["natural-resources", "fire-rescue", "ecology-environment"]);
        queue.EnumerateArray().Select(e => e.GetProperty("caseNumber").GetString()).ShouldContain("RT-2026-0001");
        otherQueue.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_case_is_owned_by_its_first_contact_from_acceptance_and_changes_hands_only_when_the_receiver_acknowledges()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var clerk2 = await _app.SignedInClientAsync("clerk2");
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var resources = await _app.SignedInClientAsync("approver-resources");
        using var market = await _app.SignedInClientAsync("approver-market");
        var caseNumber = await _app.RegisterAndAcceptAsync(clerk, lead, LifecycleApp.ConstructionPermit, LifecycleApp.ConstructionMaterials);

        var accepted = await CustodyAsync(resources, caseNumber);
        var byLeadDepartment = await lead.PostAsJsonAsync($"/api/routing/cases/{caseNumber}/transfers", new { toKind = "department", to = "market-regulation", reason = "x" });
        var byOtherWindow = await clerk2.PostAsJsonAsync($"/api/routing/cases/{caseNumber}/transfers", new { toKind = "department", to = "market-regulation", reason = "x" });
        var pending = await clerk.PostAsJsonAsync($"/api/routing/cases/{caseNumber}/transfers", new { toKind = "department", to = "housing-construction", reason = "施工许可由住建局牵头办理。" });
        var pendingView = await pending.Content.ReadFromJsonAsync<JsonElement>();
        var transfer = pendingView.GetProperty("transfers")[0].GetProperty("id").GetGuid();
        var wrongReceiver = await market.PostAsync($"/api/routing/cases/{caseNumber}/transfers/{transfer}/acknowledge", null);
        var acknowledged = await lead.PostAsync($"/api/routing/cases/{caseNumber}/transfers/{transfer}/acknowledge", null);
        var acknowledgedView = await acknowledged.Content.ReadFromJsonAsync<JsonElement>();
        var onward = await (await lead.PostAsJsonAsync($"/api/routing/cases/{caseNumber}/transfers", new { toKind = "department", to = "natural-resources", reason = "用地审查属自然资源局。" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var onwardTransfer = onward.GetProperty("transfers").EnumerateArray().Single(t => t.GetProperty("acknowledgedAt").ValueKind == JsonValueKind.Null).GetProperty("id").GetGuid();
        (await resources.PostAsync($"/api/routing/cases/{caseNumber}/transfers/{onwardTransfer}/acknowledge", null)).EnsureSuccessStatusCode();
        var view = await CustodyAsync(market, caseNumber);

        // Rule 1 (首问负责制): before any transfer, the clerk who received the case owns it, at their window.
        accepted.GetProperty("holderKind").GetString().ShouldBe("Window");
        accepted.GetProperty("holder").GetString().ShouldBe("W01");
        accepted.GetProperty("accountableName").GetString().ShouldBe("窗口 张敏");
        accepted.GetProperty("firstContact").GetProperty("name").GetString().ShouldBe("窗口 张敏");
        accepted.GetProperty("firstContact").GetProperty("window").GetString().ShouldBe("W01");
        accepted.GetProperty("chain").EnumerateArray().Select(Link).ShouldBe(["Window W01 窗口 张敏"]);
        byLeadDepartment.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        byOtherWindow.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        pending.StatusCode.ShouldBe(HttpStatusCode.OK);
        pendingView.GetProperty("holder").GetString().ShouldBe("W01");
        pendingView.GetProperty("accountableName").GetString().ShouldBe("窗口 张敏");
        wrongReceiver.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        acknowledged.StatusCode.ShouldBe(HttpStatusCode.OK);
        acknowledgedView.GetProperty("holder").GetString().ShouldBe("housing-construction");
        acknowledgedView.GetProperty("accountableName").GetString().ShouldBe("住建 牵头 周伟");
        onward.GetProperty("accountableName").GetString().ShouldBe("住建 牵头 周伟");
        view.GetProperty("holder").GetString().ShouldBe("natural-resources");
        view.GetProperty("accountableName").GetString().ShouldBe("自然资源 孙丽");
        view.GetProperty("chain").EnumerateArray().Select(Link).ShouldBe(["Window W01 窗口 张敏", "Department housing-construction 住建 牵头 周伟", "Department natural-resources 自然资源 孙丽"]);
        view.GetProperty("transfers").GetArrayLength().ShouldBe(2);
    }

    [Test]
    public async Task An_unacknowledged_case_transfer_is_escalated_to_the_supervision_ledger_once()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        await _app.AcceptCaseAsync("RT-2026-0003", CaseType.Promised, "housing-construction", []);
        var transferred = await clerk.PostAsJsonAsync("/api/routing/cases/RT-2026-0003/transfers", new { toKind = "department", to = "fire-rescue", reason = "消防审查。" });
        transferred.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Transferred on Monday at 09:00: four working hours end at 14:30 (the lunch break does not count).
        _app.Clock.Advance(TimeSpan.FromHours(6));
        var entries = 0;
        for (var attempt = 0; attempt < 100 && entries == 0; attempt++)
        {
            await Task.Delay(100);
            entries = await CountEntriesAsync(supervisor);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));

        entries.ShouldBe(1);
        (await CountEntriesAsync(supervisor)).ShouldBe(1);
    }

    private static string Link(JsonElement link) =>
        $"{link.GetProperty("holderKind").GetString()} {link.GetProperty("holder").GetString()} {link.GetProperty("accountableName").GetString()}";

    /// <summary>The case's custody once Routing has handled CaseAccepted (delivered by the outbox).</summary>
    private static async Task<JsonElement> CustodyAsync(HttpClient client, string caseNumber)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var response = await client.GetAsync($"/api/routing/cases/{caseNumber}");
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"Routing never received case {caseNumber}.");
    }

    private static async Task<int> CountEntriesAsync(HttpClient supervisor)
    {
        var ledger = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/ledger?limit=500");
        return ledger.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("subjectId").GetString() == "RT-2026-0003");
    }
}
