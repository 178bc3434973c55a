using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Host.Tests;

public sealed class DeadlineEndpointTests
{
    private CaseFlowApp _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = await CaseFlowApp.StartAsync();
        // Changing a clock by id over HTTP is for administrators (integration and repair); case work goes through Approval.
        _client = await _app.SignedInClientAsync("admin");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task A_clock_is_started_paused_resumed_extended_and_stopped_over_http()
    {
        var started = await _client.PostAsJsonAsync("/api/deadline/clocks", new { ownerKey = "case:2026-0301:committed", limitDays = 5, startedAt = "2026-09-29T10:00:00+08:00" });
        var clock = await started.Content.ReadFromJsonAsync<JsonElement>();
        var id = clock.GetProperty("id").GetString();

        var paused = await _client.PostAsJsonAsync($"/api/deadline/clocks/{id}/pause", new { reason = "Supplement", noticeReference = "补正告知书 0301" });
        var resumed = await _client.PostAsync($"/api/deadline/clocks/{id}/resume", null);
        var extended = await _client.PostAsJsonAsync($"/api/deadline/clocks/{id}/extend", new { joint = true, approvedBy = "局长 张三", reason = "联办" });
        var stopped = await _client.PostAsync($"/api/deadline/clocks/{id}/stop", null);
        var read = await _client.GetFromJsonAsync<JsonElement>($"/api/deadline/clocks/{id}");

        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        started.Headers.Location!.ToString().ShouldBe($"/api/deadline/clocks/{id}");
        clock.GetProperty("kind").GetString().ShouldBe("Committed");
        clock.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 10, 12, 17, 30, 0, TimeSpan.FromHours(8)));
        new[] { paused, resumed, extended, stopped }.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        read.GetProperty("state").GetString().ShouldBe("Stopped");
        read.GetProperty("extensionDays").GetInt32().ShouldBe(15);
        read.GetProperty("pauses")[0].GetProperty("reason").GetString().ShouldBe("Supplement");
    }

    [Test]
    public async Task A_start_with_a_bad_owner_key_and_a_negative_limit_is_a_400_naming_both_fields()
    {
        var response = await _client.PostAsJsonAsync("/api/deadline/clocks", new { ownerKey = "case-2026-0302", limitDays = -1 });

        var errors = (await Problem(response)).GetProperty("errors");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors.TryGetProperty("ownerKey", out _).ShouldBeTrue();
        errors.TryGetProperty("limitDays", out _).ShouldBeTrue();
    }

    [Test]
    public async Task A_pause_without_a_reason_or_notice_is_a_400_naming_the_field()
    {
        var id = await StartClock("case:2026-0303:committed");

        var noReason = await _client.PostAsJsonAsync($"/api/deadline/clocks/{id}/pause", new { noticeReference = "补正告知书 0303" });
        var noNotice = await _client.PostAsJsonAsync($"/api/deadline/clocks/{id}/pause", new { reason = "Hearing" });
        var badReason = await _client.PostAsJsonAsync($"/api/deadline/clocks/{id}/pause", new { reason = "Lunch", noticeReference = "x" });

        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Problem(noReason)).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        noNotice.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Problem(noNotice)).GetProperty("errors").TryGetProperty("noticeReference", out _).ShouldBeTrue();
        badReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Problem(badReason)).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
    }

    [Test]
    public async Task Invalid_transitions_are_409_with_their_code()
    {
        var id = await StartClock("case:2026-0304:committed");

        var resumeRunning = await _client.PostAsync($"/api/deadline/clocks/{id}/resume", null);
        await _client.PostAsJsonAsync($"/api/deadline/clocks/{id}/extend", new { approvedBy = "局长 张三", reason = "现场核查" });
        var secondExtension = await _client.PostAsJsonAsync($"/api/deadline/clocks/{id}/extend", new { approvedBy = "局长 张三", reason = "再延" });
        await _client.PostAsync($"/api/deadline/clocks/{id}/stop", null);
        var pauseStopped = await _client.PostAsJsonAsync($"/api/deadline/clocks/{id}/pause", new { reason = "Inspection", noticeReference = "检验告知书 1" });

        resumeRunning.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Problem(resumeRunning)).GetProperty("code").GetString().ShouldBe("clock.not-paused");
        secondExtension.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Problem(secondExtension)).GetProperty("code").GetString().ShouldBe("clock.already-extended");
        pauseStopped.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Problem(pauseStopped)).GetProperty("code").GetString().ShouldBe("clock.stopped");
    }

    [Test]
    public async Task An_unknown_clock_is_a_404_and_an_extension_without_approval_a_400()
    {
        var id = await StartClock("case:2026-0305:committed");

        var unknown = await _client.GetAsync($"/api/deadline/clocks/{Guid.NewGuid()}");
        var unknownStop = await _client.PostAsync($"/api/deadline/clocks/{Guid.NewGuid()}/stop", null);
        var unapproved = await _client.PostAsJsonAsync($"/api/deadline/clocks/{id}/extend", new { joint = false, reason = "现场核查" });

        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownStop.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unapproved.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Problem(unapproved)).GetProperty("errors").TryGetProperty("approvedBy", out _).ShouldBeTrue();
    }

    [Test]
    public async Task A_window_clerk_an_approver_and_a_supervisor_may_read_a_clock_but_not_start_pause_resume_extend_or_stop_one_by_id()
    {
        var id = await StartClock("case:2026-0306:committed");
        var refused = new List<(string Login, string Action, HttpStatusCode Status)>();
        var reads = new List<HttpStatusCode>();

        foreach (var login in new[] { "clerk", "approver-fire", "lead-housing", "supervisor" })
        {
            using var client = await _app.SignedInClientAsync(login);
            reads.Add((await client.GetAsync($"/api/deadline/clocks/{id}")).StatusCode);
            refused.Add((login, "start", (await client.PostAsJsonAsync("/api/deadline/clocks", new { ownerKey = $"case:2026-0307-{login}:committed", limitDays = 5 })).StatusCode));
            refused.Add((login, "pause", (await client.PostAsJsonAsync($"/api/deadline/clocks/{id}/pause", new { reason = "Hearing", noticeReference = "听证告知书 0306" })).StatusCode));
            refused.Add((login, "resume", (await client.PostAsync($"/api/deadline/clocks/{id}/resume", null)).StatusCode));
            refused.Add((login, "extend", (await client.PostAsJsonAsync($"/api/deadline/clocks/{id}/extend", new { approvedBy = "局长 张三", reason = "现场核查" })).StatusCode));
            refused.Add((login, "stop", (await client.PostAsync($"/api/deadline/clocks/{id}/stop", null)).StatusCode));
        }

        var clock = await _client.GetFromJsonAsync<JsonElement>($"/api/deadline/clocks/{id}");

        reads.ShouldAllBe(s => s == HttpStatusCode.OK);
        refused.Where(r => r.Status != HttpStatusCode.Forbidden).ShouldBeEmpty();
        clock.GetProperty("state").GetString().ShouldBe("Running");
        clock.GetProperty("pauses").GetArrayLength().ShouldBe(0);
        clock.GetProperty("extension").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private async Task<string> StartClock(string ownerKey)
    {
        var response = await _client.PostAsJsonAsync("/api/deadline/clocks", new { ownerKey, limitDays = 5 });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
