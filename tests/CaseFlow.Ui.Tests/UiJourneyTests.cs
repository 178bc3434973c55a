using System.Text.RegularExpressions;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace CaseFlow.Ui.Tests;

/// <summary>The main journeys through the web UI in a real browser, against the Host on the demo center's data.</summary>
[NonParallelizable]
public sealed class UiJourneyTests() : BrowserFixture("host.log")
{
    internal const string Password = "CaseFlow-demo-2026";

    [Test]
    public async Task The_public_portal_lists_a_seeded_item_and_its_guide_shows_the_process_diagram()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/");
        await Browser.ScreenshotAsync(page, "01-portal");
        await page.GetByRole(AriaRole.Link, new() { Name = "建筑工程施工许可" }).ClickAsync();
        await page.WaitForURLAsync("**/guide/**");
        await Browser.ScreenshotAsync(page, "02-service-guide");

        (await page.Locator("h1").InnerTextAsync()).ShouldBe("建筑工程施工许可");
        (await page.Locator("#guide-fields").InnerTextAsync()).ShouldContain("联办件");
        (await page.Locator("figure.diagram svg").CountAsync()).ShouldBe(1);
        // A joint item runs on the parallel approval process: its co-department review is drawn.
        (await page.Locator("figure.diagram svg").InnerHTMLAsync()).ShouldContain("协办部门并联审查");
    }

    [Test]
    public async Task The_portal_shows_the_centers_calendar_and_links_progress_complaints_ratings_and_statistics()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/calendar?year=2026");
        await Browser.ScreenshotAsync(page, "03-calendar");

        (await page.Locator("#holidays-title").InnerTextAsync()).ShouldStartWith("法定节假日");
        (await page.Locator("table.data").First.InnerTextAsync()).ShouldContain("2026-10-01");
        await page.GotoAsync("/");
        (await page.Locator(".badge-soon").CountAsync()).ShouldBe(0);
        (await page.Locator("#public-services a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            .ShouldBe(["/progress", "/complaint", "/rating", "/statistics"]);
        await page.Locator("#public-services").GetByRole(AriaRole.Link, new() { Name = "好差评" }).ClickAsync();
        await page.WaitForURLAsync("**/rating");
        (await page.GetByLabel("身份证件号码后4位").CountAsync()).ShouldBe(1);
    }

    [Test]
    public async Task A_clerk_signs_in_and_reaches_the_window_desk_and_searches_the_catalogue()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/sign-in");
        await Browser.ScreenshotAsync(page, "04-sign-in");
        await SignInAsync(page, "clerk");
        await page.WaitForURLAsync("**/desk");
        await page.GetByLabel("事项名称或编码").FillAsync("食品");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/desk\?q="));
        await Browser.ScreenshotAsync(page, "05-window-desk");

        (await page.Locator("h1").InnerTextAsync()).ShouldBe("窗口工作台");
        (await page.Locator("#catalogue-results tbody tr").CountAsync()).ShouldBe(1);
        (await page.Locator("#catalogue-results").InnerTextAsync()).ShouldContain("食品经营许可");
        (await page.Locator("#my-open-items h2").InnerTextAsync()).ShouldBe("我的在办件");
    }

    /// <summary>Every demo account the README lists, with the start page of its role.</summary>
    [TestCase("admin", "/admin/workflows")]
    [TestCase("clerk", "/desk")]
    [TestCase("clerk2", "/desk")]
    [TestCase("clerk3", "/desk")]
    [TestCase("clerk4", "/desk")]
    [TestCase("approver-market", "/inbox")]
    [TestCase("approver-fire", "/inbox")]
    [TestCase("approver-fire2", "/inbox")]
    [TestCase("approver-resources", "/inbox")]
    [TestCase("approver-ecology", "/inbox")]
    [TestCase("approver-housing", "/inbox")]
    [TestCase("approver-health", "/inbox")]
    [TestCase("approver-security", "/inbox")]
    [TestCase("approver-hr", "/inbox")]
    [TestCase("approver-transport", "/inbox")]
    [TestCase("approver-estate", "/inbox")]
    [TestCase("lead-housing", "/inbox")]
    [TestCase("lead-market", "/inbox")]
    [TestCase("supervisor", "/dashboard")]
    [TestCase("supervisor2", "/dashboard")]
    [TestCase("hotline", "/hotline")]
    public async Task Each_demo_account_signs_in_and_lands_on_its_own_start_page(string login, string startPage)
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/sign-in");
        await SignInAsync(page, login);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == startPage);

        (await page.Locator("h1").CountAsync()).ShouldBe(1);
        (await page.Locator("body").InnerTextAsync()).ShouldNotContain("登录失败");
    }

    [Test]
    public async Task A_wrong_password_is_refused_on_the_page_without_details()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/sign-in");
        await page.GetByLabel("账号").FillAsync("clerk2");
        await page.GetByLabel("密码").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

        (await page.Locator("#sign-in-error").InnerTextAsync()).ShouldBe("账号或密码不正确。");
        page.Url.ShouldEndWith("/sign-in");
    }

    [Test]
    public async Task A_supervisor_sees_a_red_alert_appear_live_when_the_clock_passes_a_cases_due_date()
    {
        await using var node = new ClockNode(Host.ConnectionString);
        using (var scope = node.Services.CreateScope())
        {
            // Case 2026-990001 is accepted now with a committed limit of one working day.
            var started = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new StartClock("case:2026-990001:committed", 1));
            started.IsSuccess.ShouldBeTrue();
        }

        var page = await NewPageAsync();
        await page.GotoAsync("/sign-in");
        await SignInAsync(page, "supervisor");
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("section.live")).ToHaveAttributeAsync("data-live-mode-active", "push");
        var before = int.Parse(await page.Locator("#count-overdue").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        (await page.Locator("#live-alerts").InnerTextAsync()).ShouldNotContain("2026-990001");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");

        // Ten days later the case is past its due date: the scheduler raises the red alert, on the other node.
        node.Clock.Advance(TimeSpan.FromDays(10));

        var red = page.Locator("#live-alerts li.alert-overdue", new() { HasText = "2026-990001" });
        await Assertions.Expect(red).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(red.Locator(".badge-red")).ToHaveTextAsync("超时");
        // The seeded demo cases' clocks pass their limits too when ten days go by, so the count grows by at least one.
        var after = before;
        for (var attempt = 0; attempt < 200 && after <= before; attempt++)
        {
            await Task.Delay(100);
            after = int.Parse(await page.Locator("#count-overdue").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        after.ShouldBeGreaterThan(before, "the overdue count follows the feed");
        (await page.EvaluateAsync<bool>("() => window.__notReloaded === true")).ShouldBeTrue("the alert arrived without a reload");
        await Browser.ScreenshotAsync(page, "08-dashboard-live-alert");
        await page.ReloadAsync();
        (await page.Locator("#ledger").InnerTextAsync()).ShouldContain("2026-990001");
    }

    [Test]
    public async Task Without_EventSource_the_dashboard_falls_back_to_reading_the_counts_every_few_seconds()
    {
        var page = await NewPageAsync();
        await page.AddInitScriptAsync("delete window.EventSource;");
        await page.GotoAsync("/sign-in");
        await SignInAsync(page, "supervisor");
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("section.live")).ToHaveAttributeAsync("data-live-mode-active", "poll");
        var before = int.Parse(await page.Locator("#count-overdue").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");

        // Written straight into the table, so no announcement: only a re-read of the counts can show it.
        await RecordOverdueAlertAsync("UI-TEST-0002");

        await Assertions.Expect(page.Locator("#count-overdue")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 20_000 });
        (await page.EvaluateAsync<bool>("() => window.__notReloaded === true")).ShouldBeTrue();
        await Browser.ScreenshotAsync(page, "08-dashboard-polling");
    }

    [Test]
    public async Task An_administrator_marks_a_day_a_holiday_on_the_calendar_page_and_removes_it_again()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/sign-in");
        await SignInAsync(page, "admin");
        await page.WaitForURLAsync("**/admin/workflows");
        await page.GotoAsync("/admin/calendar?year=2027");

        // Without a kind nothing is saved and the field says why.
        await page.GetByLabel("日期", new() { Exact = true }).FillAsync("2027-06-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        (await page.Locator("#calendar-kind-error").InnerTextAsync()).ShouldBe("请选择类型。");

        await page.GetByLabel("日期", new() { Exact = true }).FillAsync("2027-06-30");
        await page.GetByLabel("节假日（不上班）").CheckAsync();
        await page.GetByLabel("名称（如 国庆节）").FillAsync("测试闭馆日");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/admin/calendar?year=2027&done=**");
        await Browser.ScreenshotAsync(page, "15-calendar-day-saved");

        var holidays = page.Locator("section[aria-labelledby=holidays-title]");
        (await holidays.InnerTextAsync()).ShouldContain("2027-06-30");
        (await holidays.InnerTextAsync()).ShouldContain("测试闭馆日");

        await page.GetByLabel("日期", new() { Exact = true }).FillAsync("2027-06-30");
        await page.GetByLabel("删除该日的设置").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/admin/calendar?year=2027&done=**");
        (await page.Locator("section[aria-labelledby=holidays-title]").InnerTextAsync()).ShouldNotContain("测试闭馆日");
    }

    [Test]
    public async Task An_administrator_sees_validation_errors_with_line_numbers_and_the_versions()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/sign-in");
        await SignInAsync(page, "admin");
        await page.WaitForURLAsync("**/admin/workflows");

        await page.GetByLabel("BPMN 文件").SetInputFilesAsync(new FilePayload
        {
            Name = "broken.bpmn",
            MimeType = "application/xml",
            Buffer = System.Text.Encoding.UTF8.GetBytes(BrokenBpmn),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "校验并部署" }).ClickAsync();
        await page.Locator("#deploy-problems").WaitForAsync();
        await Browser.ScreenshotAsync(page, "09-workflows-invalid-upload");

        (await page.Locator("#deploy-result").InnerTextAsync()).ShouldContain("broken.bpmn 未部署");
        (await page.Locator("#deploy-problems tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator(".src-bad").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("#definitions").InnerTextAsync()).ShouldContain("approval-parallel");
        await page.GotoAsync("/admin/workflows?key=approval-parallel");
        (await page.Locator("figure.diagram svg").CountAsync()).ShouldBe(1);
        await page.GotoAsync("/admin/calendar?year=2026");
        await Browser.ScreenshotAsync(page, "10-admin-calendar");
    }

    [Test]
    public async Task A_clerk_opening_the_administration_gets_the_403_page()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/sign-in");
        await SignInAsync(page, "clerk2");
        await page.WaitForURLAsync("**/desk");

        var response = await page.GotoAsync("/admin/workflows");
        await Browser.ScreenshotAsync(page, "11-forbidden");

        response!.Status.ShouldBe(403);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("无权访问");
    }

    [Test]
    public async Task An_unknown_address_gets_the_404_page()
    {
        var page = await NewPageAsync();

        var response = await page.GotoAsync("/no/such/page");
        await Browser.ScreenshotAsync(page, "12-not-found");

        response!.Status.ShouldBe(404);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("页面不存在");
    }

    [Test]
    public async Task The_language_switch_turns_the_portal_into_english_and_back()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "Public service portal" }).WaitForAsync();
        await Browser.ScreenshotAsync(page, "13-portal-english");

        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("en");
        (await page.Locator("#items-title").InnerTextAsync()).ShouldBe("Service items");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "网上办事大厅" }).WaitForAsync();
    }

    [Test]
    public async Task A_form_posted_without_its_antiforgery_token_gets_the_400_page_not_an_exception()
    {
        using var client = new HttpClient { BaseAddress = Host.Address };

        var response = await client.PostAsync(new Uri("/culture", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en" }));
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).ShouldBe(400);
        body.ShouldContain("请求无效");
        body.ShouldNotContain("Exception");
    }

    [Test]
    public async Task An_administrator_imports_a_catalogue_file_and_sees_each_bad_row_inline()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/sign-in");
        await SignInAsync(page, "admin");
        await page.WaitForURLAsync("**/admin/workflows");
        await page.GotoAsync("/admin/catalogue");
        const string Header = "code,name,itemType,caseType,level,implementingBody,leadDepartment,coDepartments,committedLimitDays,statutoryLimitDays,feeCharged,feeStandard,onSiteVisits,officeHours,location,inquiryPhone,complaintPhone,conditions,legalBasis,workflow,published,materials,faq";
        const string Good = "UI-CAT-1,浏览器导入事项,行政许可,Promised,County,县卫生健康委员会,health,,5,20,false,,1,周一至周五,一楼 W02,0412-5551234,0412-12345,条件,依据,,true,[],[]";
        const string Bad = "UI-CAT-2,超时事项,行政许可,Promised,County,县卫生健康委员会,health,,30,20,true,,1,周一至周五,一楼 W02,0412-5551234,0412-12345,条件,依据,,true,[],[]";

        await page.GetByLabel("目录文件（.json 或 .csv）").SetInputFilesAsync(new FilePayload
        {
            Name = "catalogue.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes(Header + "\r\n" + Good + "\r\n" + Bad + "\r\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
        await page.Locator("#import-problems").WaitForAsync();
        await Browser.ScreenshotAsync(page, "13-catalogue-import-problems");

        (await page.Locator("#import-result").InnerTextAsync()).ShouldContain("未导入任何内容");
        var problems = await page.Locator("#import-problems tbody").InnerTextAsync();
        problems.ShouldContain("committedLimitDays");
        problems.ShouldContain("feeStandard");
        (await page.Locator("#catalogue-items").InnerTextAsync()).ShouldNotContain("UI-CAT-1");

        await page.GetByLabel("目录文件（.json 或 .csv）").SetInputFilesAsync(new FilePayload
        {
            Name = "catalogue.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes(Header + "\r\n" + Good + "\r\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
        await page.Locator("#import-result.notice-success").WaitForAsync();

        (await page.Locator("#import-result").InnerTextAsync()).ShouldContain("新增 1 项");
        (await page.Locator("#catalogue-items").InnerTextAsync()).ShouldContain("UI-CAT-1");
        await page.GotoAsync("/guide/11000000MB0000007-BDC-16");
        await Browser.ScreenshotAsync(page, "14-service-guide-full");
        (await page.Locator("#guide-materials tbody tr").CountAsync()).ShouldBe(5);
        (await page.Locator("#guide-faq").InnerTextAsync()).ShouldContain("登记费");
        (await page.Locator("#guide-fields").InnerTextAsync()).ShouldContain("0412-12345");
    }

    internal static async Task SignInAsync(IPage page, string login)
    {
        await page.GetByLabel("账号").FillAsync(login);
        await page.GetByLabel("密码").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
    }

    /// <summary>An overdue alert as the Deadline module's scheduler will record it (that scheduler is being built).</summary>
    private async Task RecordOverdueAlertAsync(string caseNumber)
    {
        await using var connection = new NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO supervision.ledger_entries (id, region_code, kind, source_key, subject_type, subject_id, summary, occurred_at)
            VALUES (gen_random_uuid(), '000000', 'Overdue', @source, 'case', @case, '超过承诺时限', now())
            """,
            connection);
        insert.Parameters.AddWithValue("source", "ui-test:" + caseNumber);
        insert.Parameters.AddWithValue("case", caseNumber);
        await insert.ExecuteNonQueryAsync();
    }

    private const string BrokenBpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://caseflow.dev/test">
          <bpmn:process id="broken" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:complexGateway id="Unsupported" />
            <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Nowhere" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
