using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Host.Tests;

public sealed class LedgerEndpointTests
{
    private CaseFlowApp _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = await CaseFlowApp.StartAsync();
        _client = await _app.SignedInClientAsync("supervisor");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task An_entry_is_acknowledged_then_rectified_with_a_note_and_leaves_the_open_list()
    {
        var entry = await Record("test:ledger:1");

        var acknowledged = await _client.PostAsJsonAsync($"/api/supervision/ledger/{entry.Id}/acknowledge", new { by = "窗口 王五" });
        var rectified = await _client.PostAsJsonAsync($"/api/supervision/ledger/{entry.Id}/rectify", new { by = "窗口 王五", note = "已补办并电话告知申请人" });
        var open = await _client.GetFromJsonAsync<JsonElement>("/api/supervision/ledger?state=Open");
        var done = await _client.GetFromJsonAsync<JsonElement>("/api/supervision/ledger?state=Rectified");

        acknowledged.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await acknowledged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("Acknowledged");
        rectified.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await rectified.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("rectificationNote").GetString().ShouldBe("已补办并电话告知申请人");
        body.GetProperty("acknowledgedBy").GetString().ShouldBe("电子监察 吴静", "the signed-in supervisor handled it, whatever the body claims");
        open.GetProperty("items").EnumerateArray().ShouldNotContain(e => e.GetProperty("id").GetGuid() == entry.Id);
        done.GetProperty("items").EnumerateArray().ShouldContain(e => e.GetProperty("id").GetGuid() == entry.Id);
    }

    [Test]
    public async Task Acknowledging_twice_and_rectifying_twice_are_409()
    {
        var entry = await Record("test:ledger:2");
        await _client.PostAsJsonAsync($"/api/supervision/ledger/{entry.Id}/acknowledge", new { by = "a" });

        var again = await _client.PostAsJsonAsync($"/api/supervision/ledger/{entry.Id}/acknowledge", new { by = "a" });
        await _client.PostAsJsonAsync($"/api/supervision/ledger/{entry.Id}/rectify", new { by = "a", note = "done" });
        var rectifyAgain = await _client.PostAsJsonAsync($"/api/supervision/ledger/{entry.Id}/rectify", new { by = "a", note = "again" });
        var acknowledgeRectified = await _client.PostAsJsonAsync($"/api/supervision/ledger/{entry.Id}/acknowledge", new { by = "a" });

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        rectifyAgain.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        acknowledgeRectified.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await rectifyAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("ledger-entry.cannot-be-rectified");
    }

    [Test]
    public async Task A_rectification_without_a_note_is_a_400_and_an_unknown_entry_a_404()
    {
        var entry = await Record("test:ledger:3");

        var noNote = await _client.PostAsJsonAsync($"/api/supervision/ledger/{entry.Id}/rectify", new { by = "a" });
        var unknown = await _client.PostAsJsonAsync($"/api/supervision/ledger/{Guid.NewGuid()}/acknowledge", new { by = "a" });

        noNote.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noNote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("note", out _).ShouldBeTrue();
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<LedgerEntryDto> Record(string sourceKey)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RecordLedgerEntry(
            LedgerEntryKind.Overdue, sourceKey, "case", "2026-0400", null, "Red alert (超时) for a test.", DateTimeOffset.UtcNow));
    }
}
