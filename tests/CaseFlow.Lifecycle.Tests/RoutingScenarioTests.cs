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
    public async Task A_case_transferred_between_departments_changes_hands_only_when_the_receiver_acknowledges()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var resources = await _app.SignedInClientAsync("approver-resources");
        using var market = await _app.SignedInClientAsync("approver-market");
        await _app.AcceptCaseAsync("RT-2026-0002", CaseType.Promised, "housing-construction", []);

        var byOutsider = await market.PostAsJsonAsync("/api/routing/cases/RT-2026-0002/transfers", new { toKind = "department", to = "market-regulation", reason = "x" });
        var pending = await lead.PostAsJsonAsync("/api/routing/cases/RT-2026-0002/transfers", new { toKind = "department", to = "natural-resources", reason = "用地审查属自然资源局。" });
        var pendingView = await pending.Content.ReadFromJsonAsync<JsonElement>();
        var transfer = pendingView.GetProperty("transfers")[0].GetProperty("id").GetGuid();
        var wrongReceiver = await market.PostAsync($"/api/routing/cases/RT-2026-0002/transfers/{transfer}/acknowledge", null);
        var acknowledged = await resources.PostAsync($"/api/routing/cases/RT-2026-0002/transfers/{transfer}/acknowledge", null);
        var view = await resources.GetFromJsonAsync<JsonElement>("/api/routing/cases/RT-2026-0002");

        byOutsider.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        pending.StatusCode.ShouldBe(HttpStatusCode.OK);
        pendingView.GetProperty("holder").GetString().ShouldBe("housing-construction");
        pendingView.GetProperty("accountableName").GetString().ShouldBe("住建 牵头 周伟");
        wrongReceiver.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        acknowledged.StatusCode.ShouldBe(HttpStatusCode.OK);
        view.GetProperty("holder").GetString().ShouldBe("natural-resources");
        view.GetProperty("accountableName").GetString().ShouldBe("自然资源 孙丽");
        view.GetProperty("transfers").GetArrayLength().ShouldBe(1);
    }

    [Test]
    public async Task An_unacknowledged_case_transfer_is_escalated_to_the_supervision_ledger_once()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        await _app.AcceptCaseAsync("RT-2026-0003", CaseType.Promised, "housing-construction", []);
        var transferred = await lead.PostAsJsonAsync("/api/routing/cases/RT-2026-0003/transfers", new { toKind = "department", to = "fire-rescue", reason = "消防审查。" });
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

    private static async Task<int> CountEntriesAsync(HttpClient supervisor)
    {
        var ledger = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/ledger?limit=500");
        return ledger.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("subjectId").GetString() == "RT-2026-0003");
    }
}
