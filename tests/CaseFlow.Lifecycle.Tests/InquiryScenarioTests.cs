using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Lifecycle.Tests;

/// <summary>Inquiries under first-contact responsibility (首问负责制, rule 1), through the HTTP API.</summary>
public sealed class InquiryScenarioTests
{
    private LifecycleApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await LifecycleApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task An_inquiry_transferred_to_another_window_moves_accountability_only_when_the_receiver_acknowledges()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var clerk2 = await _app.SignedInClientAsync("clerk2");
        var inquiry = await RecordAsync(clerk, "企业开办咨询");

        var pending = await TransferAsync(clerk, inquiry, "window", "W02", "属于W02窗口的企业登记事项。");
        var waiting = await clerk2.GetFromJsonAsync<JsonElement>("/api/intake/inquiries/transfers/waiting");
        var transfer = pending.GetProperty("transfers")[0].GetProperty("id").GetGuid();
        var answeredTooEarly = await clerk2.PostAsJsonAsync($"/api/intake/inquiries/{inquiry}/answer", new { answer = "请提交材料。" });
        var acknowledged = await clerk2.PostAsync($"/api/intake/inquiries/{inquiry}/transfers/{transfer}/acknowledge", null);
        var firstContactAnswers = await clerk.PostAsJsonAsync($"/api/intake/inquiries/{inquiry}/answer", new { answer = "请到W02。" });
        var answered = await clerk2.PostAsJsonAsync($"/api/intake/inquiries/{inquiry}/answer", new { answer = "需提交营业执照申请书等材料。" });
        var chain = await clerk.GetFromJsonAsync<JsonElement>($"/api/intake/inquiries/{inquiry}");

        pending.GetProperty("accountable").GetProperty("name").GetString().ShouldBe("窗口 张敏");
        pending.GetProperty("state").GetString().ShouldBe("TransferPending");
        waiting.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ShouldContain(transfer);
        answeredTooEarly.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        acknowledged.StatusCode.ShouldBe(HttpStatusCode.OK, await acknowledged.Content.ReadAsStringAsync());
        (await acknowledged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accountable").GetProperty("name").GetString().ShouldBe("窗口 李强");
        firstContactAnswers.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        answered.StatusCode.ShouldBe(HttpStatusCode.OK);
        chain.GetProperty("state").GetString().ShouldBe("Answered");
        chain.GetProperty("recordedBy").GetProperty("name").GetString().ShouldBe("窗口 张敏");
        var link = chain.GetProperty("transfers").EnumerateArray().ShouldHaveSingleItem();
        link.GetProperty("reason").GetString().ShouldBe("属于W02窗口的企业登记事项。");
        link.GetProperty("acknowledgedBy").GetProperty("name").GetString().ShouldBe("窗口 李强");
    }

    [Test]
    public async Task An_unacknowledged_transfer_is_escalated_to_the_supervision_ledger_exactly_once_and_the_first_contact_stays_accountable()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var inquiry = await RecordAsync(clerk, "消防验收咨询");
        await TransferAsync(clerk, inquiry, "department", "fire-rescue", "消防验收由消防救援大队答复。");

        var before = await LedgerEntriesAsync(supervisor, inquiry);
        _app.Clock.Advance(TimeSpan.FromHours(3));
        var escalated = await EventuallyAsync(async () => (await LedgerEntriesAsync(supervisor, inquiry)).Count == 1);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = await LedgerEntriesAsync(supervisor, inquiry);
        var chain = await clerk.GetFromJsonAsync<JsonElement>($"/api/intake/inquiries/{inquiry}");

        before.ShouldBeEmpty();
        escalated.ShouldBeTrue();
        after.ShouldHaveSingleItem().GetProperty("kind").GetString().ShouldBe("UnacknowledgedTransfer");
        chain.GetProperty("accountable").GetProperty("name").GetString().ShouldBe("窗口 张敏");
        chain.GetProperty("transfers")[0].GetProperty("escalatedAt").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Test]
    public async Task Only_the_accountable_person_transfers_and_a_transfer_needs_a_known_target_and_a_reason()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var clerk2 = await _app.SignedInClientAsync("clerk2");
        var inquiry = await RecordAsync(clerk, "不动产登记咨询");

        var byOther = await clerk2.PostAsJsonAsync($"/api/intake/inquiries/{inquiry}/transfers", new { toKind = "window", to = "W01", reason = "推诿" });
        var unknownKind = await clerk.PostAsJsonAsync($"/api/intake/inquiries/{inquiry}/transfers", new { toKind = "elsewhere", to = "W02", reason = "x" });
        var noReason = await clerk.PostAsJsonAsync($"/api/intake/inquiries/{inquiry}/transfers", new { toKind = "window", to = "W02" });
        var noSubject = await clerk.PostAsJsonAsync("/api/intake/inquiries", new { question = "?" });
        var missing = await clerk.GetAsync($"/api/intake/inquiries/{Guid.NewGuid()}");

        byOther.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        unknownKind.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknownKind.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("toKind", out _).ShouldBeTrue();
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        noSubject.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await clerk.GetFromJsonAsync<JsonElement>($"/api/intake/inquiries/{inquiry}")).GetProperty("transfers").GetArrayLength().ShouldBe(0);
    }

    private static async Task<Guid> RecordAsync(HttpClient client, string subject)
    {
        var response = await client.PostAsJsonAsync("/api/intake/inquiries", new { subject, question = subject + "需要哪些材料？", applicantName = "王先生" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> TransferAsync(HttpClient client, Guid inquiry, string toKind, string to, string reason)
    {
        var response = await client.PostAsJsonAsync($"/api/intake/inquiries/{inquiry}/transfers", new { toKind, to, reason });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<JsonElement>> LedgerEntriesAsync(HttpClient supervisor, Guid inquiry)
    {
        var ledger = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/ledger?limit=500");
        return [.. ledger.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("subjectId").GetString() == inquiry.ToString())];
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
