using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Intake.Contracts;

using static CaseFlow.Lifecycle.Tests.ApprovalSteps;

namespace CaseFlow.Lifecycle.Tests;

/// <summary>Parallel and single approval through the HTTP API, on the workflow runtime (rule 4, rule 3's clock pause).</summary>
public sealed class ApprovalScenarioTests
{
    private static readonly string[] ThreeCoDepartments = ["natural-resources", "fire-rescue", "ecology-environment"];

    private LifecycleApp _app = null!;
    private int _cases;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await LifecycleApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task A_construction_permit_in_parallel_approval_with_four_departments_pauses_for_a_supplement_then_is_approved_and_delivered()
    {
        using var permit = await AcceptedPermitAsync();
        var (caseNumber, clerk, lead, fire, ecology) = permit;
        using var resources = await _app.SignedInClientAsync("approver-resources");
        var accepted = await CaseAsync(lead, caseNumber);
        var clockId = accepted.GetProperty("committedClockId").GetGuid();
        var dueAtAcceptance = await ClockAsync(lead, clockId);
        await SignAsync(lead, await OnlyTaskAsync(lead, "housing-construction", caseNumber), "distribute", "分发至自然资源、消防、生态环境并联审查。");
        var fireTask = await OnlyTaskAsync(fire, "fire-rescue", caseNumber);
        var ecologyTask = await OnlyTaskAsync(ecology, "ecology-environment", caseNumber);

        var unknown = await SupplementAsync(fire, fireTask, new { code = "M99", problem = "消防设计专篇" });
        var empty = await SignOffAsync(fire, fireTask, new { outcome = "supplement", opinion = "请补正。", materials = Array.Empty<object>() });
        var noProblem = await SupplementAsync(fire, fireTask, new { code = "M03" });
        var asked = await SupplementAsync(fire, fireTask, new { code = "M03", problem = "施工图审查合格书未含消防设计专篇" });
        var paused = await CaseAsync(lead, caseNumber);
        var pausedClock = await ClockAsync(lead, clockId);
        var unlisted = await SupplementAsync(ecology, ecologyTask, new { code = "M05", problem = "资金证明已过期" });
        await SignAsync(resources, await OnlyTaskAsync(resources, "natural-resources", caseNumber), "approve", "用地规划符合要求。");
        await SignAsync(ecology, ecologyTask, "approve", "环评手续齐全。");
        // The applicant comes back two working days later (Wednesday): those days do not count against the limit.
        // (Signed-in sessions idle out on the moved clock: everyone signs in again.)
        _app.Clock.Advance(TimeSpan.FromDays(2));
        using var clerkLater = await _app.SignedInClientAsync("clerk");
        using var fireLater = await _app.SignedInClientAsync("approver-fire");
        using var leadLater = await _app.SignedInClientAsync("lead-housing");
        using var ecologyLater = await _app.SignedInClientAsync("approver-ecology");
        var supplied = await clerkLater.PostAsJsonAsync($"/api/intake/cases/{caseNumber}/supplement", new { materials = new[] { new { code = "M03", copies = 1, form = "Copy" } } });
        var resumed = await CaseAsync(fireLater, caseNumber);
        var resumedClock = await ClockAsync(fireLater, clockId);
        await SignAsync(fireLater, await OnlyTaskAsync(fireLater, "fire-rescue", caseNumber), "approve", "补正后的消防设计符合规范。");
        var collected = await CaseAsync(leadLater, caseNumber);
        await SignAsync(leadLater, await OnlyTaskAsync(leadLater, "housing-construction", caseNumber), "approve", "各部门意见一致，准予许可。");
        var completed = await CaseAsync(ecologyLater, caseNumber);
        var stoppedClock = await ClockAsync(leadLater, clockId);
        var intake = await clerkLater.GetFromJsonAsync<JsonElement>($"/api/intake/cases/{caseNumber}");

        await ShouldNameAsync(unknown, "materials[0].code", "intake.material.unknown");
        await ShouldNameAsync(empty, "materials", "approval.materials-required");
        await ShouldNameAsync(noProblem, "materials[0].problem", "approval.material-problem-required");
        asked.StatusCode.ShouldBe(HttpStatusCode.OK, await asked.Content.ReadAsStringAsync());
        paused.GetProperty("clockPaused").GetBoolean().ShouldBeTrue();
        Branch(paused, "fire-rescue").GetProperty("state").GetString().ShouldBe("SupplementRequested");
        Branch(paused, "natural-resources").GetProperty("state").GetString().ShouldBe("Opened");
        pausedClock.GetProperty("state").GetString().ShouldBe("Paused");
        pausedClock.GetProperty("pauses")[0].GetProperty("reason").GetString().ShouldBe("Supplement");
        // Rule 2: the fire department's request was the case's one notice; M05 was not in it, so ecology may not ask for it.
        await ShouldNameAsync(unlisted, "materials[0].code", "intake.notice.already-issued");
        supplied.StatusCode.ShouldBe(HttpStatusCode.OK, await supplied.Content.ReadAsStringAsync());
        resumed.GetProperty("clockPaused").GetBoolean().ShouldBeFalse();
        Branch(resumed, "fire-rescue").GetProperty("state").GetString().ShouldBe("Opened");
        resumedClock.GetProperty("state").GetString().ShouldBe("Running");
        resumedClock.GetProperty("pauses")[0].GetProperty("resumedAt").ValueKind.ShouldBe(JsonValueKind.String);
        // Accepted Monday 2 March with 7 working days: due Wednesday 11 March 17:30; paused Monday to Wednesday, two days later.
        dueAtAcceptance.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 11, 17, 30, 0, TimeSpan.FromHours(8)));
        resumedClock.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 13, 17, 30, 0, TimeSpan.FromHours(8)));
        collected.GetProperty("activeSteps").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Task_LeadDecision"]);
        collected.GetProperty("opinions").EnumerateArray().Select(o => $"{o.GetProperty("departmentCode").GetString()}:{o.GetProperty("outcome").GetString()}").ShouldBe([
            "housing-construction:distribute", "fire-rescue:supplement", "natural-resources:approve", "ecology-environment:approve", "fire-rescue:approve",
        ], ignoreOrder: true);
        completed.GetProperty("processStatus").GetString().ShouldBe("Completed");
        completed.GetProperty("result").GetString().ShouldBe("Approved");
        completed.GetProperty("completedAt").ValueKind.ShouldBe(JsonValueKind.String);
        stoppedClock.GetProperty("state").GetString().ShouldBe("Stopped");
        intake.GetProperty("notices").GetArrayLength().ShouldBe(1);
        intake.GetProperty("notices")[0].GetProperty("stage").GetString().ShouldBe("Review");
        intake.GetProperty("notices")[0].GetProperty("items")[0].GetProperty("problem").GetString().ShouldBe("施工图审查合格书未含消防设计专篇");
        (await _app.CountAsync("SELECT count(*) FROM approval.outbox WHERE type LIKE 'CaseFlow.Approval.Contracts.CaseCompleted,%' AND payload->>'caseNumber' = $1", caseNumber)).ShouldBe(1);
    }

    [Test]
    public async Task A_supplement_request_for_what_the_notice_did_not_list_passes_under_a_supervisors_override_recorded_as_a_violation()
    {
        using var permit = await AcceptedPermitAsync();
        var (caseNumber, clerk, lead, fire, ecology) = permit;
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        await SignAsync(lead, await OnlyTaskAsync(lead, "housing-construction", caseNumber), "distribute", "分发。");
        (await SupplementAsync(fire, await OnlyTaskAsync(fire, "fire-rescue", caseNumber), new { code = "M03", problem = "缺消防设计专篇" })).EnsureSuccessStatusCode();
        var ecologyTask = await OnlyTaskAsync(ecology, "ecology-environment", caseNumber);

        var refused = await SupplementAsync(ecology, ecologyTask, new { code = "M05", problem = "资金证明已过期" });
        var granted = await supervisor.PostAsJsonAsync($"/api/intake/cases/{caseNumber}/overrides", new { kind = "SecondNotice", reason = "环评审查发现资金证明过期，经监察同意再次告知。", materials = new[] { "M05" } });
        var allowed = await SupplementAsync(ecology, ecologyTask, new { code = "M05", problem = "资金证明已过期" });
        var view = await CaseAsync(lead, caseNumber);
        var firstAnswer = await clerk.PostAsJsonAsync($"/api/intake/cases/{caseNumber}/supplement", new { materials = new[] { new { code = "M03", copies = 1, form = "Copy" } } });
        var stillPaused = await CaseAsync(lead, caseNumber);
        var secondAnswer = await clerk.PostAsJsonAsync($"/api/intake/cases/{caseNumber}/supplement", new { materials = new[] { new { code = "M05", copies = 1, form = "Original" } } });
        var noneWaiting = await clerk.PostAsJsonAsync($"/api/intake/cases/{caseNumber}/supplement", new { materials = new[] { new { code = "M05", copies = 1, form = "Original" } } });
        var running = await CaseAsync(lead, caseNumber);
        var violations = await LedgerCountAsync(supervisor, caseNumber, "SecondNoticeOverride");

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        granted.StatusCode.ShouldBe(HttpStatusCode.Created);
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK, await allowed.Content.ReadAsStringAsync());
        view.GetProperty("branches").EnumerateArray().Count(b => b.GetProperty("state").GetString() == "SupplementRequested").ShouldBe(2);
        firstAnswer.StatusCode.ShouldBe(HttpStatusCode.OK);
        stillPaused.GetProperty("clockPaused").GetBoolean().ShouldBeTrue();
        secondAnswer.StatusCode.ShouldBe(HttpStatusCode.OK);
        noneWaiting.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        running.GetProperty("clockPaused").GetBoolean().ShouldBeFalse();
        Branch(running, "fire-rescue").GetProperty("state").GetString().ShouldBe("Opened");
        Branch(running, "ecology-environment").GetProperty("state").GetString().ShouldBe("Opened");
        violations.ShouldBe(1);
    }

    [Test]
    public async Task In_a_parallel_approval_each_co_department_sees_every_branch_state_in_its_inbox_and_only_the_lead_reads_every_opinion()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var resources = await _app.SignedInClientAsync("approver-resources");
        using var fire = await _app.SignedInClientAsync("approver-fire");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Joint, "housing-construction", ["natural-resources", "fire-rescue"]);
        await SignAsync(lead, await OnlyTaskAsync(lead, "housing-construction", caseNumber), "distribute", "分发。");
        await SignAsync(resources, await OnlyTaskAsync(resources, "natural-resources", caseNumber), "approve", "用地符合控制性详细规划。");

        var fireInbox = await fire.GetFromJsonAsync<JsonElement>("/api/approval/departments/fire-rescue/inbox?state=Opened&limit=200");
        var fireView = await CaseAsync(fire, caseNumber);
        var leadView = await CaseAsync(lead, caseNumber);
        var supervisorView = await CaseAsync(supervisor, caseNumber);

        var item = fireInbox.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("caseNumber").GetString() == caseNumber);
        item.GetProperty("branches").EnumerateArray().Select(b => $"{b.GetProperty("departmentCode").GetString()}:{b.GetProperty("state").GetString()}")
            .ShouldBe(["housing-construction:Distributed", "natural-resources:Approved", "fire-rescue:Opened"]);
        Branch(fireView, "natural-resources").GetProperty("state").GetString().ShouldBe("Approved");
        fireView.GetProperty("opinions").GetArrayLength().ShouldBe(0);
        leadView.GetProperty("opinions").EnumerateArray().Select(o => o.GetProperty("opinion").GetString()).ShouldBe(["分发。", "用地符合控制性详细规划。"], ignoreOrder: true);
        supervisorView.GetProperty("opinions").GetArrayLength().ShouldBe(2);
    }

    [Test]
    public async Task A_refusal_by_the_lead_without_a_legal_basis_is_a_400_and_with_one_refuses_the_case()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var resources = await _app.SignedInClientAsync("approver-resources");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Joint, "housing-construction", ["natural-resources"]);
        await SignAsync(lead, await OnlyTaskAsync(lead, "housing-construction", caseNumber), "distribute", "分发。");
        await SignAsync(resources, await OnlyTaskAsync(resources, "natural-resources", caseNumber), "reject", "拟建项目不符合控制性详细规划。");
        var decision = await OnlyTaskAsync(lead, "housing-construction", caseNumber);

        var withoutBasis = await SignOffAsync(lead, decision, new { outcome = "refuse", opinion = "不予许可。", reasons = "不符合规划条件。" });
        var withoutReasons = await SignOffAsync(lead, decision, new { outcome = "refuse", opinion = "不予许可。", legalBasis = "《城乡规划法》第四十条" });
        var refused = await SignOffAsync(lead, decision, new { outcome = "refuse", opinion = "不予许可。", reasons = "不符合规划条件。", legalBasis = "《城乡规划法》第四十条" });
        var view = await CaseAsync(lead, caseNumber);

        withoutBasis.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await withoutBasis.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("legalBasis", out _).ShouldBeTrue();
        withoutReasons.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK, await refused.Content.ReadAsStringAsync());
        view.GetProperty("result").GetString().ShouldBe("Refused");
        view.GetProperty("legalBasis").GetString().ShouldBe("《城乡规划法》第四十条");
    }

    [Test]
    public async Task An_approver_of_one_department_is_refused_on_another_departments_task_for_read_claim_and_sign()
    {
        using var market = await _app.SignedInClientAsync("approver-market");
        using var lead = await _app.SignedInClientAsync("lead-housing");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Joint, "housing-construction", ["fire-rescue"]);
        await SignAsync(lead, await OnlyTaskAsync(lead, "housing-construction", caseNumber), "distribute", "分发。");
        using var fire = await _app.SignedInClientAsync("approver-fire");
        var task = await OnlyTaskAsync(fire, "fire-rescue", caseNumber);

        var read = await market.GetAsync($"/api/approval/tasks/{task}");
        var claim = await market.PostAsync($"/api/approval/tasks/{task}/claim", null);
        var sign = await SignOffAsync(market, task, new { outcome = "approve", opinion = "同意。" });
        var inbox = await market.GetAsync("/api/approval/departments/fire-rescue/inbox");
        var caseView = await market.GetAsync($"/api/approval/cases/{caseNumber}");

        foreach (var response in new[] { read, claim, sign, inbox, caseView })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        (await fire.GetFromJsonAsync<JsonElement>($"/api/approval/tasks/{task}")).GetProperty("state").GetString().ShouldBe("Opened");
    }

    [Test]
    public async Task Two_approvers_claiming_one_task_at_once_one_wins_and_the_other_gets_a_409()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        using var fire = await _app.SignedInClientAsync("approver-fire");
        using var fire2 = await _app.SignedInClientAsync("approver-fire2");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Joint, "housing-construction", ["fire-rescue"]);
        await SignAsync(lead, await OnlyTaskAsync(lead, "housing-construction", caseNumber), "distribute", "分发。");
        var task = await OnlyTaskAsync(fire, "fire-rescue", caseNumber);

        var claims = await Task.WhenAll(fire.PostAsync($"/api/approval/tasks/{task}/claim", null), fire2.PostAsync($"/api/approval/tasks/{task}/claim", null));
        var winner = claims[0].StatusCode == HttpStatusCode.OK ? fire : fire2;
        var loser = winner == fire ? fire2 : fire;
        var loserSigns = await SignOffAsync(loser, task, new { outcome = "approve", opinion = "同意。" });
        var winnerSigns = await SignOffAsync(winner, task, new { outcome = "approve", opinion = "同意。" });

        claims.Select(c => c.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict], ignoreOrder: true);
        loserSigns.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        winnerSigns.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_supplement_request_on_a_case_intake_never_accepted_is_a_409_problem_and_changes_nothing()
    {
        using var market = await _app.SignedInClientAsync("approver-market");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Promised, "market-regulation", []);
        var task = await OnlyTaskAsync(market, "market-regulation", caseNumber);

        var response = await SupplementAsync(market, task, new { code = "M01", problem = "申请书未签字" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("intake.case.not-accepted");
        (await market.GetFromJsonAsync<JsonElement>($"/api/approval/tasks/{task}")).GetProperty("state").GetString().ShouldBe("Opened");
        (await CaseAsync(market, caseNumber)).GetProperty("opinions").GetArrayLength().ShouldBe(0);
    }

    [Test]
    public async Task A_redelivered_CaseAccepted_starts_one_process_and_one_task_per_department()
    {
        using var lead = await _app.SignedInClientAsync("lead-housing");
        var caseNumber = NextCase();

        await Task.WhenAll(
            _app.AcceptCaseAsync(caseNumber, CaseType.Joint, "housing-construction", ThreeCoDepartments),
            _app.AcceptCaseAsync(caseNumber, CaseType.Joint, "housing-construction", ThreeCoDepartments));
        await _app.AcceptCaseAsync(caseNumber, CaseType.Joint, "housing-construction", ThreeCoDepartments);

        (await _app.CountAsync("SELECT count(*) FROM workflow.instances WHERE business_key = $1", caseNumber)).ShouldBe(1);
        (await _app.CountAsync("SELECT count(*) FROM approval.department_tasks WHERE case_number = $1", caseNumber)).ShouldBe(1);
        (await OnlyTaskAsync(lead, "housing-construction", caseNumber)).ShouldNotBe(Guid.Empty);
    }

    [Test]
    public async Task A_promised_item_of_one_department_runs_single_approval_and_a_rejection_needs_reasons_and_legal_basis()
    {
        using var market = await _app.SignedInClientAsync("approver-market");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Promised, "market-regulation", []);
        var task = await OnlyTaskAsync(market, "market-regulation", caseNumber);

        var bare = await SignOffAsync(market, task, new { outcome = "reject", opinion = "经营范围不符。" });
        var noOpinion = await SignOffAsync(market, task, new { outcome = "approve", opinion = "  " });
        var unknownOutcome = await SignOffAsync(market, task, new { outcome = "maybe", opinion = "再议。" });
        var approved = await SignOffAsync(market, task, new { outcome = "approve", opinion = "材料齐全，准予登记。" });
        var view = await CaseAsync(market, caseNumber);

        bare.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        noOpinion.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unknownOutcome.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        view.GetProperty("processKey").GetString().ShouldBe("approval-single");
        view.GetProperty("result").GetString().ShouldBe("Approved");
    }

    [TestCase("{}")]
    [TestCase("""{"outcome":7,"opinion":"x"}""")]
    [TestCase("not json")]
    [TestCase("""{"outcome":"approve","opinion":null}""")]
    [TestCase("""{"outcome":"supplement","opinion":"x"}""")]
    [TestCase("""{"outcome":"supplement","opinion":"x","materials":[null]}""")]
    [TestCase("""{"outcome":"supplement","opinion":"x","materials":"M01"}""")]
    [TestCase("""{"outcome":"supplement","opinion":"x","materials":[{"code":"M01","problem":"p"},{"code":"M01","problem":"q"}]}""")]
    [TestCase("""{"outcome":"supplement","opinion":"x","materials":[{"code":"","problem":"p"}]}""")]
    [TestCase("""{"outcome":"approve","opinion":"x","materials":[{"code":"M01","problem":"p"}]}""")]
    public async Task A_malformed_sign_off_is_a_400_problem_and_changes_nothing(string body)
    {
        using var market = await _app.SignedInClientAsync("approver-market");
        var caseNumber = NextCase();
        await _app.AcceptCaseAsync(caseNumber, CaseType.Promised, "market-regulation", []);
        var task = await OnlyTaskAsync(market, "market-regulation", caseNumber);

        var response = await market.PostAsync($"/api/approval/tasks/{task}/sign-off", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var unknown = await market.PostAsync($"/api/approval/tasks/{Guid.NewGuid()}/claim", null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await market.GetFromJsonAsync<JsonElement>($"/api/approval/tasks/{task}")).GetProperty("state").GetString().ShouldBe("Opened");
    }

    private string NextCase() => $"JS-2026-{Interlocked.Increment(ref _cases):D4}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A construction permit the clerk registered and accepted, with the lead and two co-departments signed in on it.</summary>
    private async Task<AcceptedPermit> AcceptedPermitAsync()
    {
        var lead = await _app.SignedInClientAsync("lead-housing");
        var fire = await _app.SignedInClientAsync("approver-fire");
        var ecology = await _app.SignedInClientAsync("approver-ecology");
        var clerk = await _app.SignedInClientAsync("clerk");
        var caseNumber = await _app.RegisterAndAcceptAsync(clerk, lead, LifecycleApp.ConstructionPermit, LifecycleApp.ConstructionMaterials);
        return new AcceptedPermit(caseNumber, clerk, lead, fire, ecology);
    }

    private sealed record AcceptedPermit(string CaseNumber, HttpClient Clerk, HttpClient Lead, HttpClient Fire, HttpClient Ecology) : IDisposable
    {
        public void Dispose()
        {
            Clerk.Dispose();
            Lead.Dispose();
            Fire.Dispose();
            Ecology.Dispose();
        }
    }

    private static JsonElement Branch(JsonElement view, string department) =>
        view.GetProperty("branches").EnumerateArray().Single(b => b.GetProperty("departmentCode").GetString() == department);

    private static async Task<JsonElement> CaseAsync(HttpClient client, string caseNumber)
    {
        var response = await client.GetAsync($"/api/approval/cases/{caseNumber}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> SupplementAsync(HttpClient client, Guid task, params object[] materials) =>
        SignOffAsync(client, task, new { outcome = "supplement", opinion = "材料需补正，见清单。", materials });

    private static async Task ShouldNameAsync(HttpResponseMessage response, string field, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body);
        problem.GetProperty("code").GetString().ShouldBe(code);
    }

    /// <summary>Ledger entries of a kind for a case, once the outbox has delivered them (it runs every half second).</summary>
    private static async Task<int> LedgerCountAsync(HttpClient supervisor, string caseNumber, string kind)
    {
        var count = 0;
        for (var attempt = 0; attempt < 100 && count == 0; attempt++)
        {
            await Task.Delay(100);
            var ledger = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/ledger?limit=500");
            count = ledger.GetProperty("items").EnumerateArray()
                .Count(e => e.GetProperty("subjectId").GetString() == caseNumber && e.GetProperty("kind").GetString() == kind);
        }

        return count;
    }

    private static async Task<JsonElement> ClockAsync(HttpClient client, Guid clockId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/deadline/clocks/{clockId}");

    private static Task<HttpResponseMessage> SignOffAsync(HttpClient client, Guid task, object body) =>
        client.PostAsJsonAsync($"/api/approval/tasks/{task}/sign-off", body);
}
