using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Intake.Tests;

public sealed class ReceptionAndAcceptanceTests
{
    private IntakeApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await IntakeApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task A_complete_application_is_accepted_with_a_case_number_and_a_receipt_showing_the_committed_date()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        var registered = await Applicants.RegisterAsync(clerk, Applicants.AllFoodMaterials());

        var accepted = await clerk.PostAsync($"/api/intake/cases/{registered.Reception()}/acceptance", null);
        var view = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var caseNumber = view.GetProperty("caseNumber").GetString()!;
        var html = await clerk.GetStringAsync($"/api/intake/cases/{caseNumber}/documents/receipt");
        var pdf = await clerk.GetAsync($"/api/intake/cases/{caseNumber}/documents/receipt?format=pdf");
        var pdfBytes = await pdf.Content.ReadAsByteArrayAsync();

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        registered.GetProperty("state").GetString().ShouldBe("Received");
        view.GetProperty("state").GetString().ShouldBe("Accepted");
        caseNumber.ShouldMatch(@"^2026-\d{6}$");
        // 食品经营许可 commits 5 working days: accepted Monday 2 March 2026, due Monday 9 March.
        view.GetProperty("committedDate").GetString().ShouldBe("2026-03-09");
        html.ShouldContain("2026-03-09");
        html.ShouldContain(caseNumber);
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        System.Text.Encoding.ASCII.GetString(pdfBytes, 0, 4).ShouldBe("%PDF");
    }

    [Test]
    public async Task An_incomplete_application_gets_one_notice_listing_every_missing_material_and_is_accepted_after_the_supplement()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        var registered = await Applicants.RegisterAsync(clerk, new[] { new { code = "M01", copies = 1, form = "Original" }, new { code = "M02", copies = 1, form = "Copy" } });
        var reception = registered.Reception();

        var refusedAcceptance = await clerk.PostAsync($"/api/intake/cases/{reception}/acceptance", null);
        var notice = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/deficiency-notice", new { defects = new[] { new { code = "M02", problem = "营业执照复印件未加盖公章" } } });
        var noticed = await notice.Content.ReadFromJsonAsync<JsonElement>();
        var items = noticed.GetProperty("notices")[0].GetProperty("items").EnumerateArray().ToList();
        var noticeHtml = await clerk.GetStringAsync($"/api/intake/cases/{reception}/documents/notice");
        var supplemented = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/supplement", new
        {
            materials = new[] { new { code = "M02", copies = 1, form = "Copy" }, new { code = "M03", copies = 1, form = "Original" }, new { code = "M04", copies = 1, form = "Original" }, new { code = "M05", copies = 1, form = "Copy" } },
        });
        var supplementedView = await supplemented.Content.ReadFromJsonAsync<JsonElement>();
        var accepted = await clerk.PostAsync($"/api/intake/cases/{reception}/acceptance", null);
        var acceptedView = await accepted.Content.ReadFromJsonAsync<JsonElement>();

        refusedAcceptance.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Code(refusedAcceptance)).ShouldBe("intake.materials.incomplete");
        notice.StatusCode.ShouldBe(HttpStatusCode.OK);
        noticed.GetProperty("state").GetString().ShouldBe("NoticeIssued");
        items.Select(i => i.GetProperty("code").GetString()).ShouldBe(["M03", "M04", "M05", "M02"], ignoreOrder: true);
        items.ShouldAllBe(i => i.GetProperty("legalBasis").GetString()!.Length > 0);
        noticeHtml.ShouldContain("营业执照复印件未加盖公章");
        noticeHtml.ShouldContain("《食品经营许可和备案管理办法》第十三条");
        supplemented.StatusCode.ShouldBe(HttpStatusCode.OK);
        supplementedView.GetProperty("state").GetString().ShouldBe("Supplemented");
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        acceptedView.GetProperty("state").GetString().ShouldBe("Accepted");
        acceptedView.GetProperty("notices").GetArrayLength().ShouldBe(1);
    }

    [Test]
    public async Task A_second_notice_is_refused_and_allowed_under_a_supervisor_override_that_reaches_the_supervision_ledger()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var reception = (await Applicants.RegisterAsync(clerk, new[] { new { code = "M01", copies = 1, form = "Original" } })).Reception();
        (await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/deficiency-notice", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var defect = new { defects = new[] { new { code = "M01", problem = "申请书未签字" } } };

        var second = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/deficiency-notice", defect);
        var clerkOverride = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/overrides", new { kind = "SecondNotice", reason = "x" });
        var noReason = await supervisor.PostAsJsonAsync($"/api/intake/cases/{reception}/overrides", new { kind = "SecondNotice", reason = "" });
        var granted = await supervisor.PostAsJsonAsync($"/api/intake/cases/{reception}/overrides", new { kind = "SecondNotice", reason = "申请书签字问题首次审查遗漏，经批准补充告知", materials = new[] { "M01" } });
        var overridden = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/deficiency-notice", defect);
        var third = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/deficiency-notice", defect);
        var entry = await LedgerEntryAsync(supervisor, "SecondNoticeOverride", reception);

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Code(second)).ShouldBe("intake.notice.already-issued");
        clerkOverride.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        granted.StatusCode.ShouldBe(HttpStatusCode.Created);
        overridden.StatusCode.ShouldBe(HttpStatusCode.OK);
        var notices = (await overridden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notices");
        notices.GetArrayLength().ShouldBe(2);
        notices[1].GetProperty("underOverride").GetBoolean().ShouldBeTrue();
        third.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        entry.GetProperty("summary").GetString()!.ShouldContain("申请书签字问题首次审查遗漏");
    }

    [Test]
    public async Task A_second_notice_granted_during_the_recheck_is_answered_and_the_case_is_then_accepted()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var all = (object[])Applicants.AllFoodMaterials();
        var reception = (await Applicants.RegisterAsync(clerk, all.Take(4).ToArray())).Reception();
        await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/deficiency-notice", new { });
        await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/supplement", new { materials = all.Skip(4).ToArray() });
        await supervisor.PostAsJsonAsync($"/api/intake/cases/{reception}/overrides", new { kind = "SecondNotice", reason = "复核发现申请书填写有误" });

        var second = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/deficiency-notice", new { defects = new[] { new { code = "M01", problem = "申请书填写有误" } } });
        var answered = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/supplement", new { materials = all.Take(1).ToArray() });
        var accepted = await clerk.PostAsync($"/api/intake/cases/{reception}/acceptance", null);

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("NoticeIssued");
        (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("Supplemented");
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notices").GetArrayLength().ShouldBe(2);
    }

    [Test]
    public async Task A_refusal_without_reasons_or_legal_basis_is_a_400_naming_the_field_and_with_them_it_is_recorded_and_printable()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        var reception = (await Applicants.RegisterAsync(clerk, Applicants.AllFoodMaterials())).Reception();

        var withoutBasis = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/refusal", new { reasons = "申请事项不属于本中心职权范围" });
        var withoutReasons = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/refusal", new { reasons = " ", legalBasis = "《中华人民共和国行政许可法》第三十二条第一款第（二）项" });
        var refused = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/refusal", new { reasons = "申请事项不属于本中心职权范围", legalBasis = "《中华人民共和国行政许可法》第三十二条第一款第（二）项" });
        var view = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var html = await clerk.GetStringAsync($"/api/intake/cases/{reception}/documents/refusal");

        withoutBasis.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Errors(withoutBasis)).ShouldContain("legalBasis");
        withoutReasons.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Errors(withoutReasons)).ShouldContain("reasons");
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        view.GetProperty("state").GetString().ShouldBe("Refused");
        view.GetProperty("caseNumber").ValueKind.ShouldBe(JsonValueKind.Null);
        html.ShouldContain("不予受理决定书");
        html.ShouldContain("第三十二条第一款");
    }

    [Test]
    public async Task A_refusal_after_the_notice_for_a_material_the_notice_did_not_list_is_refused_unless_a_supervisor_overrides()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var all = (object[])Applicants.AllFoodMaterials();
        var reception = (await Applicants.RegisterAsync(clerk, all.Take(4).ToArray())).Reception();
        await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/deficiency-notice", new { });
        await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/supplement", new { materials = new[] { new { code = "M05", copies = 1, form = "Copy" } } });
        var basis = "《中华人民共和国行政许可法》第三十二条";

        var unlisted = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/refusal", new { reasons = "经营场所布局不符合要求", legalBasis = basis, materials = new[] { "M03" } });
        var unnamed = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/refusal", new { reasons = "其他原因", legalBasis = basis });
        await supervisor.PostAsJsonAsync($"/api/intake/cases/{reception}/overrides", new { kind = "Refusal", reason = "现场核查发现布局不符，经批准" });
        var overridden = await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/refusal", new { reasons = "经营场所布局不符合要求", legalBasis = basis, materials = new[] { "M03" } });
        var entry = await LedgerEntryAsync(supervisor, "RefusalOverride", reception);

        unlisted.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Code(unlisted)).ShouldBe("intake.refusal.not-in-notice");
        unnamed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        overridden.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await overridden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("Refused");
        entry.GetProperty("kind").GetString().ShouldBe("RefusalOverride");
    }

    [Test]
    public async Task Only_the_first_contact_clerk_decides_on_a_case()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var other = await _app.SignedInClientAsync("clerk2");
        var reception = (await Applicants.RegisterAsync(clerk, Applicants.AllFoodMaterials())).Reception();

        var response = await other.PostAsync($"/api/intake/cases/{reception}/acceptance", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Code(response)).ShouldBe("intake.case.not-first-contact");
    }

    [Test]
    public async Task Twenty_parallel_acceptances_get_twenty_distinct_case_numbers()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        var receptions = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            receptions.Add((await Applicants.RegisterAsync(clerk, Applicants.AllFoodMaterials())).Reception());
        }

        var responses = await Task.WhenAll(receptions.Select(r => clerk.PostAsync($"/api/intake/cases/{r}/acceptance", null)));
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString()));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        numbers.Distinct().Count().ShouldBe(20);
        numbers.ShouldAllBe(n => n!.StartsWith("2026-", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_case_keeps_the_item_version_it_was_registered_under_when_the_item_is_edited()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var admin = await _app.SignedInClientAsync("admin");
        var item = await admin.GetFromJsonAsync<JsonElement>("/api/intake/service-items/11000000MB0000003-WS-04");
        var materials = item.GetProperty("materials").EnumerateArray().Select(m => (object)m).ToList();
        var register = await clerk.PostAsJsonAsync("/api/intake/cases", new
        {
            serviceItemCode = "11000000MB0000003-WS-04",
            applicant = new { kind = "Organization", name = "某某酒店有限公司", creditCode = Applicants.CreditCode(), phone = "13900001111" },
            materials = new[] { "M01", "M02", "M03", "M04" }.Select(c => new { code = c, copies = 1, form = c == "M02" ? "Copy" : "Original" }),
        });
        var reception = (await register.Content.ReadFromJsonAsync<JsonElement>()).Reception();

        materials.Add(new { code = "M05", name = "从业人员健康合格证明", form = "Copy", copies = 1, required = true, legalBasis = "《公共场所卫生管理条例》第七条" });
        var edited = await admin.PutAsJsonAsync("/api/intake/service-items/11000000MB0000003-WS-04", new
        {
            name = "公共场所卫生许可",
            caseType = "Promised",
            leadDepartment = "health",
            coDepartments = Array.Empty<string>(),
            committedLimitDays = 5,
            statutoryLimitDays = 20,
            published = true,
            materials,
            conditions = "",
            legalBasis = "",
        });
        var accepted = await clerk.PostAsync($"/api/intake/cases/{reception}/acceptance", null);
        var view = await accepted.Content.ReadFromJsonAsync<JsonElement>();

        register.StatusCode.ShouldBe(HttpStatusCode.Created);
        edited.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await edited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().ShouldBe(item.GetProperty("version").GetInt32() + 1);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        view.GetProperty("serviceItemVersion").GetInt32().ShouldBe(item.GetProperty("version").GetInt32());
        view.GetProperty("requiredMaterials").GetArrayLength().ShouldBe(4);
    }

    internal static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var code) ? code.GetString() : null;

    internal static async Task<List<string>> Errors(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    /// <summary>The supervision ledger's entry about a case, once the outbox has delivered it.</summary>
    internal static async Task<JsonElement> LedgerEntryAsync(HttpClient supervisor, string kind, string reception)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var page = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/ledger?limit=500");
            foreach (var entry in page.GetProperty("items").EnumerateArray())
            {
                if (entry.GetProperty("kind").GetString() == kind && entry.GetProperty("summary").GetString()!.Contains(reception, StringComparison.Ordinal))
                {
                    return entry;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No {kind} ledger entry for {reception} arrived.");
        return default;
    }
}
