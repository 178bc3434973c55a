using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Intake.Contracts;

using static CaseFlow.Lifecycle.Tests.ApprovalSteps;

namespace CaseFlow.Lifecycle.Tests;

/// <summary>Rule 3 at case level through the HTTP API: special procedures pause both case clocks, and the one extension needs the head's approval.</summary>
public sealed class CaseClockScenarioTests
{
    private static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private LifecycleApp _app = null!;
    private int _cases;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await LifecycleApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    // Every scenario starts on Monday 2 March 2026, 09:00 in Beijing, whatever another one did to the clock.
    [SetUp]
    public void SetClock() => _app.Clock.SetUtcNow(MondayMorning.ToUniversalTime());

    [Test]
    public async Task A_hearing_pauses_both_case_clocks_and_its_working_days_move_the_committed_date_the_public_sees()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var fire = await _app.SignedInClientAsync("approver-fire");
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var anonymous = _app.CreateClient();
        var idNumber = LifecycleApp.ResidentId();
        var caseNumber = await _app.RegisterAndAcceptAsync(clerk, lead, LifecycleApp.ConstructionPermit, LifecycleApp.ConstructionMaterials, idNumber);
        await SignAsync(lead, await OnlyTaskAsync(lead, "housing-construction", caseNumber), "distribute", "分发至各协办部门并联审查。");
        var before = await ClocksAsync(lead, caseNumber);

        var started = await fire.PostAsJsonAsync($"/api/approval/cases/{caseNumber}/special-procedures", new
        {
            kind = "hearing",
            noticeReference = "听证告知书〔2026〕第12号",
            plannedWorkingDays = 2,
            reason = "涉及相邻权人重大利益，依申请举行听证。",
        });
        var paused = await ClocksAsync(lead, caseNumber);
        var pausedProgress = await ProgressAsync(anonymous, caseNumber, idNumber);
        // The hearing is held on Tuesday; on Wednesday the lead department closes it. (Sessions idle out on the moved clock.)
        _app.Clock.Advance(TimeSpan.FromDays(2));
        using var leadLater = await _app.SignedInClientAsync("lead-housing");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var ended = await leadLater.PostAsync($"/api/approval/cases/{caseNumber}/special-procedures/current/end", null);
        var resumed = await ClocksAsync(leadLater, caseNumber);
        var resumedProgress = await ProgressAsync(anonymous, caseNumber, idNumber);
        var ledger = await LedgerCountAsync(supervisor, caseNumber, "SpecialProcedure", expected: 2);

        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString().ShouldBe("Hearing");
        // Accepted Monday 2 March with 7 working days: due Wednesday 11 March, 17:30.
        Due(before, "committed").ShouldBe(new DateTimeOffset(2026, 3, 11, 17, 30, 0, TimeSpan.FromHours(8)));
        foreach (var limit in new[] { "committed", "statutory" })
        {
            paused.GetProperty(limit).GetProperty("state").GetString().ShouldBe("Paused");
            var pause = paused.GetProperty(limit).GetProperty("pauses").EnumerateArray().Last();
            pause.GetProperty("reason").GetString().ShouldBe("Hearing");
            pause.GetProperty("noticeReference").GetString().ShouldBe("听证告知书〔2026〕第12号");
            resumed.GetProperty(limit).GetProperty("state").GetString().ShouldBe("Running");
        }

        pausedProgress.GetProperty("clockPausedFor").GetString().ShouldBe("Hearing");
        pausedProgress.GetProperty("currentStep").GetString()!.ShouldContain("听证");
        ended.StatusCode.ShouldBe(HttpStatusCode.OK, await ended.Content.ReadAsStringAsync());
        // Paused Monday, resumed Wednesday: Tuesday and Wednesday do not count, so the committed date moves two working days.
        var moved = new DateTimeOffset(2026, 3, 13, 17, 30, 0, TimeSpan.FromHours(8));
        Due(resumed, "committed").ShouldBe(moved);
        (await ended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("committedDueAt").GetDateTimeOffset().ShouldBe(moved);
        Due(resumed, "statutory").ShouldBeGreaterThan(Due(before, "statutory"));
        resumedProgress.GetProperty("clockPausedFor").ValueKind.ShouldBe(JsonValueKind.Null);
        resumedProgress.GetProperty("committedDate").GetString().ShouldBe("2026-03-13");
        var procedure = resumed.GetProperty("specialProcedures").EnumerateArray().Single();
        procedure.GetProperty("startedByName").GetString().ShouldBe("消防 赵刚");
        procedure.GetProperty("endedAt").ValueKind.ShouldBe(JsonValueKind.String);
        ledger.ShouldBe(2);
    }

    [Test]
    public async Task A_second_special_procedure_while_one_is_open_is_refused_and_one_may_start_after_it_ended()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Promised, "housing-construction", []);

        var first = await StartAsync(lead, caseNumber, "expert-review", "专家评审告知书 01");
        var second = await StartAsync(lead, caseNumber, "inspection", "现场核查告知书 02");
        var secondAtOnce = await Task.WhenAll(StartAsync(lead, caseNumber, "public-notice", "公示告知书 03"), StartAsync(lead, caseNumber, "hearing", "听证告知书 04"));
        var ended = await lead.PostAsync($"/api/approval/cases/{caseNumber}/special-procedures/current/end", null);
        var endedAgain = await lead.PostAsync($"/api/approval/cases/{caseNumber}/special-procedures/current/end", null);
        var next = await StartAsync(lead, caseNumber, "inspection", "现场核查告知书 02");
        var clocks = await ClocksAsync(lead, caseNumber);

        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        await ShouldBeConflictAsync(second, "approval.special-procedure-open");
        foreach (var response in secondAtOnce)
        {
            await ShouldBeConflictAsync(response, "approval.special-procedure-open");
        }

        ended.StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldBeConflictAsync(endedAgain, "approval.no-special-procedure");
        next.StatusCode.ShouldBe(HttpStatusCode.Created, await next.Content.ReadAsStringAsync());
        clocks.GetProperty("specialProcedures").EnumerateArray().Select(p => p.GetProperty("kind").GetString()).ShouldBe(["Inspection", "ExpertReview"]);
        clocks.GetProperty("committed").GetProperty("pauses").EnumerateArray().Select(p => p.GetProperty("reason").GetString()).ShouldBe(["ExpertReview", "Inspection"]);
        clocks.GetProperty("committed").GetProperty("state").GetString().ShouldBe("Paused");
    }

    [Test]
    public async Task A_window_clerk_or_an_approver_of_a_department_not_working_the_case_cannot_pause_its_clock()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var market = await _app.SignedInClientAsync("approver-market");
        using var fire = await _app.SignedInClientAsync("approver-fire");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Joint, "housing-construction", ["fire-rescue"]);
        var clockId = (await ClocksAsync(lead, caseNumber)).GetProperty("committed").GetProperty("id").GetGuid();

        var byClerk = await StartAsync(clerk, caseNumber, "hearing", "听证告知书 05");
        var rawByClerk = await clerk.PostAsJsonAsync($"/api/deadline/clocks/{clockId}/pause", new { reason = "Hearing", noticeReference = "听证告知书 05" });
        var rawExtendByClerk = await clerk.PostAsJsonAsync($"/api/deadline/clocks/{clockId}/extend", new { approvedBy = "局长", reason = "延期" });
        var extensionByClerk = await clerk.PostAsJsonAsync($"/api/approval/cases/{caseNumber}/extension", new { workingDays = 3, reason = "延期" });
        var byOtherDepartment = await StartAsync(market, caseNumber, "hearing", "听证告知书 05");
        // A co-department works the case once it has its branch (after the lead distributes it).
        var byCoDepartmentBeforeItsBranch = await StartAsync(fire, caseNumber, "inspection", "现场核查告知书 05");
        var clocks = await ClocksAsync(lead, caseNumber);

        byClerk.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        rawByClerk.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        rawExtendByClerk.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        extensionByClerk.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        byOtherDepartment.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await byOtherDepartment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("approval.not-working-the-case");
        byCoDepartmentBeforeItsBranch.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        clocks.GetProperty("committed").GetProperty("state").GetString().ShouldBe("Running");
        clocks.GetProperty("committed").GetProperty("pauses").GetArrayLength().ShouldBe(0);
        clocks.GetProperty("committed").GetProperty("extensionDays").GetInt32().ShouldBe(0);
        clocks.GetProperty("specialProcedures").GetArrayLength().ShouldBe(0);
    }

    [Test]
    public async Task An_extension_needs_the_lead_approvers_approval_and_is_granted_once_only()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var fire = await _app.SignedInClientAsync("approver-fire");
        using var fire2 = await _app.SignedInClientAsync("approver-fire2");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Joint, "housing-construction", ["fire-rescue"], committedLimitDays: 7, statutoryLimitDays: 20);
        await SignAsync(lead, await OnlyTaskAsync(lead, "housing-construction", caseNumber), "distribute", "分发。");

        var requested = await fire.PostAsJsonAsync($"/api/approval/cases/{caseNumber}/extension", new { workingDays = 5, reason = "需补充现场勘验，告知申请人延期理由。" });
        var pending = await ClocksAsync(lead, caseNumber);
        var byRequester = await fire.PostAsync($"/api/approval/cases/{caseNumber}/extension/approve", null);
        var byColleague = await fire2.PostAsync($"/api/approval/cases/{caseNumber}/extension/approve", null);
        var denied = await lead.PostAsJsonAsync($"/api/approval/cases/{caseNumber}/extension/deny", new { note = "理由不充分，请补充说明。" });
        var again = await fire.PostAsJsonAsync($"/api/approval/cases/{caseNumber}/extension", new { workingDays = 5, reason = "现场勘验须待第三方检测报告，告知申请人。" });
        var approved = await lead.PostAsJsonAsync($"/api/approval/cases/{caseNumber}/extension/approve", new { note = "同意延期。" });
        var approvedTwice = await lead.PostAsync($"/api/approval/cases/{caseNumber}/extension/approve", null);
        var second = await fire.PostAsJsonAsync($"/api/approval/cases/{caseNumber}/extension", new { workingDays = 2, reason = "再次延期。" });
        var extended = await ClocksAsync(lead, caseNumber);
        var ledger = await LedgerCountAsync(supervisor, caseNumber, "CaseExtension", expected: 1);

        requested.StatusCode.ShouldBe(HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        pending.GetProperty("committed").GetProperty("extensionDays").GetInt32().ShouldBe(0);
        pending.GetProperty("extensions")[0].GetProperty("state").GetString().ShouldBe("Requested");
        byRequester.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        byColleague.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        denied.StatusCode.ShouldBe(HttpStatusCode.OK, await denied.Content.ReadAsStringAsync());
        again.StatusCode.ShouldBe(HttpStatusCode.Created, await again.Content.ReadAsStringAsync());
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var decision = await approved.Content.ReadFromJsonAsync<JsonElement>();
        decision.GetProperty("state").GetString().ShouldBe("Approved");
        decision.GetProperty("decidedByName").GetString().ShouldBe("住建 牵头 周伟");
        decision.GetProperty("statutoryExtended").GetBoolean().ShouldBeFalse();
        await ShouldBeConflictAsync(approvedTwice, "approval.extension-once");
        await ShouldBeConflictAsync(second, "approval.extension-once");
        (await second.Content.ReadAsStringAsync()).ShouldContain("extended once");
        // Due Wednesday 11 March; five working days more: Wednesday 18 March. 12 working days stay within the statutory 20.
        var committed = extended.GetProperty("committed");
        committed.GetProperty("extensionDays").GetInt32().ShouldBe(5);
        committed.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 18, 17, 30, 0, TimeSpan.FromHours(8)));
        committed.GetProperty("extensionApprovedBy").GetString().ShouldBe("住建 牵头 周伟");
        extended.GetProperty("statutory").GetProperty("extensionDays").GetInt32().ShouldBe(0);
        extended.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("state").GetString()).ShouldBe(["Approved", "Denied"]);
        ledger.ShouldBe(1);
    }

    [Test]
    public async Task An_extension_past_the_statutory_limit_extends_the_statutory_clock_by_art_42s_ten_days_and_beyond_that_is_refused()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var tooFar = NextCase();
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(tooFar, CaseType.Promised, "housing-construction", [], committedLimitDays: 20, statutoryLimitDays: 20);
        await _app.AcceptCaseAsync(caseNumber, CaseType.Promised, "housing-construction", [], committedLimitDays: 18, statutoryLimitDays: 20);

        var pastEvenExtended = await lead.PostAsJsonAsync($"/api/approval/cases/{tooFar}/extension", new { workingDays = 11, reason = "x" });
        var requested = await lead.PostAsJsonAsync($"/api/approval/cases/{caseNumber}/extension", new { workingDays = 10, reason = "需专家论证，告知申请人。" });
        var ownApproval = await lead.PostAsync($"/api/approval/cases/{caseNumber}/extension/approve", null);
        var approved = await supervisor.PostAsync($"/api/approval/cases/{caseNumber}/extension/approve", null);
        var clocks = await ClocksAsync(lead, caseNumber);

        await ShouldNameAsync(pastEvenExtended, "workingDays");
        requested.StatusCode.ShouldBe(HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        ownApproval.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statutoryExtended").GetBoolean().ShouldBeTrue();
        clocks.GetProperty("committed").GetProperty("extensionDays").GetInt32().ShouldBe(10);
        clocks.GetProperty("statutory").GetProperty("extensionDays").GetInt32().ShouldBe(10);
        Due(clocks, "committed").ShouldBeLessThanOrEqualTo(Due(clocks, "statutory"));
    }

    [Test]
    public async Task Bad_special_procedure_and_extension_input_is_a_4xx_naming_the_field_and_changes_nothing()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Promised, "housing-construction", []);
        var url = $"/api/approval/cases/{caseNumber}";

        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/special-procedures", new { kind = "lunch", noticeReference = "n", reason = "r" }), "kind");
        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/special-procedures", new { noticeReference = "n", reason = "r" }), "kind");
        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/special-procedures", new { kind = "hearing", noticeReference = " ", reason = "r" }), "noticeReference");
        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/special-procedures", new { kind = "hearing", noticeReference = new string('n', 201), reason = "r" }), "noticeReference");
        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/special-procedures", new { kind = "hearing", noticeReference = "n", plannedWorkingDays = 0, reason = "r" }), "plannedWorkingDays");
        await ShouldNameAsync(await lead.PostAsync($"{url}/special-procedures", JsonContent("""{"kind":"hearing","noticeReference":"n","plannedWorkingDays":"abc","reason":"r"}""")), "plannedWorkingDays");
        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/special-procedures", new { kind = "hearing", noticeReference = "n" }), "reason");
        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/extension", new { reason = "r" }), "workingDays");
        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/extension", new { workingDays = 0, reason = "r" }), "workingDays");
        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/extension", new { workingDays = 11, reason = "r" }), "workingDays");
        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/extension", new { workingDays = 3 }), "reason");
        await ShouldNameAsync(await lead.PostAsJsonAsync($"{url}/extension/deny", new { note = "" }), "note");
        var unknown = await StartAsync(lead, "2026-NOSUCH", "hearing", "听证告知书 06");
        var noRequest = await lead.PostAsync($"{url}/extension/approve", null);
        var clocks = await ClocksAsync(lead, caseNumber);

        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await ShouldBeConflictAsync(noRequest, "approval.no-extension-request");
        clocks.GetProperty("committed").GetProperty("state").GetString().ShouldBe("Running");
        clocks.GetProperty("specialProcedures").GetArrayLength().ShouldBe(0);
        clocks.GetProperty("extensions").GetArrayLength().ShouldBe(0);
    }

    [Test]
    public async Task On_the_task_page_the_lead_approver_starts_an_inspection_sees_the_clock_paused_and_a_form_without_a_notice_number_names_that_field()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Promised, "housing-construction", []);
        var page = $"/inbox/tasks/{await OnlyTaskAsync(lead, "housing-construction", caseNumber)}";
        var form = await lead.GetStringAsync(new Uri(page, UriKind.Relative));

        var refused = await lead.PostAsync(new Uri(page, UriKind.Relative), FormOf(form, "special-procedure-form", ("kind", "inspection"), ("noticeReference", ""), ("reason", "现场核查。")));
        var refusedPage = await refused.Content.ReadAsStringAsync();
        var started = await lead.PostAsync(new Uri(page, UriKind.Relative), FormOf(form, "special-procedure-form", ("kind", "inspection"), ("noticeReference", "现场核查告知书 07"), ("plannedWorkingDays", "3"), ("reason", "现场核查。")));
        var startedPage = await started.Content.ReadAsStringAsync();
        var clocks = await ClocksAsync(lead, caseNumber);

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        refusedPage.ShouldContain("id=\"procedure-notice-error\"");
        started.StatusCode.ShouldBe(HttpStatusCode.OK, startedPage);
        started.RequestMessage!.RequestUri!.Query.ShouldBe("?clock=started");
        startedPage.ShouldContain("id=\"special-procedure-open\"");
        startedPage.ShouldContain("现场核查告知书 07");
        startedPage.ShouldContain("id=\"end-special-procedure-form\"");
        clocks.GetProperty("committed").GetProperty("state").GetString().ShouldBe("Paused");
        clocks.GetProperty("committed").GetProperty("pauses")[0].GetProperty("reason").GetString().ShouldBe("Inspection");
        clocks.GetProperty("specialProcedures").GetArrayLength().ShouldBe(1);
    }

    /// <summary>A static-rendered form's hidden fields (antiforgery token, Blazor's form name) with the given inputs.</summary>
    private static FormUrlEncodedContent FormOf(string html, string formId, params (string Name, string Value)[] inputs)
    {
        var start = html.IndexOf($"id=\"{formId}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"no form {formId}");
        var end = html.IndexOf("</form>", start, StringComparison.Ordinal);
        var fields = System.Text.RegularExpressions.Regex.Matches(html[start..end], "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Concat(inputs.Select(i => new KeyValuePair<string, string>(i.Name, i.Value)));
        return new FormUrlEncodedContent(fields);
    }

    private string NextCase() => $"CK-2026-{Interlocked.Increment(ref _cases):D4}-{Guid.NewGuid().ToString("N")[..6]}";

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> StartAsync(HttpClient client, string caseNumber, string kind, string notice) =>
        client.PostAsJsonAsync($"/api/approval/cases/{caseNumber}/special-procedures", new { kind, noticeReference = notice, reason = "依法需要，已书面告知申请人。" });

    private static DateTimeOffset Due(JsonElement clocks, string limit) => clocks.GetProperty(limit).GetProperty("dueAt").GetDateTimeOffset();

    private static async Task<JsonElement> ClocksAsync(HttpClient client, string caseNumber)
    {
        var response = await client.GetAsync($"/api/approval/cases/{caseNumber}/clocks");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ProgressAsync(HttpClient anonymous, string caseNumber, string idNumber)
    {
        var response = await anonymous.PostAsJsonAsync("/api/intake/progress", new { caseNumber, idLast4 = idNumber[^4..] });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task ShouldNameAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body);
    }

    private static async Task ShouldBeConflictAsync(HttpResponseMessage response, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict, body);
        JsonDocument.Parse(body).RootElement.GetProperty("code").GetString().ShouldBe(code);
    }

    /// <summary>Ledger entries of a kind for a case, once the outbox has delivered the expected number.</summary>
    private static async Task<int> LedgerCountAsync(HttpClient supervisor, string caseNumber, string kind, int expected)
    {
        var count = 0;
        for (var attempt = 0; attempt < 100 && count < expected; attempt++)
        {
            await Task.Delay(100);
            var ledger = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/ledger?limit=500");
            count = ledger.GetProperty("items").EnumerateArray()
                .Count(e => e.GetProperty("subjectId").GetString() == caseNumber && e.GetProperty("kind").GetString() == kind);
        }

        return count;
    }
}
