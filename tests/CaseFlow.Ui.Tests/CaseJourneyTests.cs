using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;

namespace CaseFlow.Ui.Tests;

/// <summary>
/// A case's whole way through the web UI in a real browser: the window registers and accepts it, the departments sign
/// in parallel, the lead decides, the citizen follows it, and the supervisor handles the ledger.
/// </summary>
[NonParallelizable]
public sealed class CaseJourneyTests() : BrowserFixture("host-cases.log")
{
    private const string Construction = "11000000MB0000002-JZ-03";
    private const string Food = "11000000MB0000001-SP-02";

    // A resident ID with a valid GB 11643 check character, and a mainland mobile number.
    private const string IdNumber = "11010519491231002X";
    private const string Phone = "13800138000";

    [Test]
    public async Task A_clerk_registers_a_case_with_the_checklist_accepts_it_and_prints_the_receipt()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/sign-in");
        await UiJourneyTests.SignInAsync(page, "clerk");
        await page.WaitForURLAsync("**/desk");

        await page.GetByLabel("事项名称或编码").FillAsync("施工许可");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/desk\?q="));
        await page.GetByRole(AriaRole.Link, new() { Name = "收件登记：建筑工程施工许可" }).ClickAsync();
        await page.WaitForURLAsync("**/desk/register/**");
        await page.GetByLabel("申请人名称").FillAsync("张三");
        await page.GetByLabel("居民身份证号码").FillAsync("110105194912310021");
        await page.GetByLabel("手机号码").FillAsync("1380013");
        foreach (var material in new[] { "建筑工程施工许可申请表", "建设工程规划许可证", "施工图设计文件审查合格书", "中标通知书及施工合同", "建设资金落实证明" })
        {
            await page.GetByLabel(material, new() { Exact = true }).CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "登记收件" }).ClickAsync();
        await page.Locator("#id-number-error").WaitForAsync();
        await Browser.ScreenshotAsync(page, "20-register-invalid");

        // The errors stand next to their fields, the inputs are marked, and what was typed and ticked is kept.
        (await page.Locator("#id-number-error").InnerTextAsync()).ShouldContain("GB 11643");
        (await page.Locator("#phone-error").InnerTextAsync()).ShouldContain("11 digits");
        (await page.GetByLabel("居民身份证号码").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await page.GetByLabel("申请人名称").InputValueAsync()).ShouldBe("张三");
        (await page.GetByLabel("建设资金落实证明", new() { Exact = true }).IsCheckedAsync()).ShouldBeTrue();

        await page.GetByLabel("居民身份证号码").FillAsync(IdNumber);
        await page.GetByLabel("手机号码").FillAsync(Phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "登记收件" }).ClickAsync();
        await page.WaitForURLAsync("**/desk/cases/R*");
        await Browser.ScreenshotAsync(page, "21-case-received");
        (await page.Locator("#case-state").InnerTextAsync()).ShouldBe("已收件");

        await page.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**done=accepted");
        await Browser.ScreenshotAsync(page, "22-case-accepted");

        (await page.Locator("#case-state").InnerTextAsync()).ShouldBe("已受理");
        var caseNumber = await page.Locator("#case-number").InnerTextAsync();
        caseNumber.ShouldMatch(@"^\d{4}-\d{6}$");
        var receiptHref = await page.GetByRole(AriaRole.Link, new() { Name = "受理通知书" }).GetAttributeAsync("href");
        var receipt = await page.Context.NewPageAsync();
        await receipt.GotoAsync(receiptHref!);
        await Browser.ScreenshotAsync(receipt, "23-receipt-print");
        (await receipt.Locator("body").InnerTextAsync()).ShouldContain(caseNumber);
        (await receipt.TitleAsync()).ShouldContain("受理通知书");

        await page.GotoAsync("/desk");
        await Browser.ScreenshotAsync(page, "24-desk-open-items");
        (await page.Locator("#open-items").InnerTextAsync()).ShouldContain(caseNumber);
        (await page.Locator("#open-items").InnerTextAsync()).ShouldContain("承诺办结");
    }

    [Test]
    public async Task A_refusal_without_reasons_and_legal_basis_is_refused_by_field_and_then_recorded_with_them()
    {
        var reception = await RegisterAsync(Food, ["M01", "M02"]);
        var page = await NewPageAsync();
        await page.GotoAsync($"/desk/cases/{reception}");
        await UiJourneyTests.SignInAsync(page, "clerk");
        await page.WaitForURLAsync($"**/desk/cases/{reception}");

        // The browser's own check is what a clerk meets first; the server's check stands behind it.
        await page.EvaluateAsync("() => document.querySelectorAll('#refuse-form [required]').forEach(e => e.removeAttribute('required'))");
        await page.GetByRole(AriaRole.Button, new() { Name = "不予受理", Exact = true }).ClickAsync();
        await page.Locator("#refuse-reasons-error").WaitForAsync();
        await Browser.ScreenshotAsync(page, "25-refusal-invalid");

        (await page.Locator("#refuse-reasons-error").InnerTextAsync()).ShouldContain("reasons");
        (await page.Locator("#refuse-basis-error").InnerTextAsync()).ShouldContain("legal basis");
        (await page.Locator("#case-state").InnerTextAsync()).ShouldBe("已收件");

        await page.GetByLabel("理由").FillAsync("申请事项不属于本机关职权范围。");
        await page.GetByLabel("法律依据").FillAsync("《中华人民共和国行政许可法》第三十二条第一款第（二）项");
        await page.GetByRole(AriaRole.Button, new() { Name = "不予受理", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**done=refused");

        (await page.Locator("#case-state").InnerTextAsync()).ShouldBe("不予受理");
        (await page.GetByRole(AriaRole.Link, new() { Name = "不予受理决定书" }).CountAsync()).ShouldBe(1);
    }

    [Test]
    public async Task A_clerk_records_an_inquiry_and_transfers_it_and_the_receiving_window_acknowledges()
    {
        var first = await NewPageAsync();
        await first.GotoAsync("/sign-in");
        await UiJourneyTests.SignInAsync(first, "clerk");
        await first.WaitForURLAsync("**/desk");
        await first.GetByLabel("咨询事由").FillAsync("公共场所卫生许可咨询");
        await first.GetByLabel("咨询内容").FillAsync("游泳馆需要哪些检测报告？");
        await first.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await first.WaitForURLAsync("**/desk/inquiries/**");
        await first.GetByLabel("转办对象").SelectOptionAsync("window");
        await first.GetByLabel("转至").FillAsync("W02");
        await first.GetByLabel("转办理由").FillAsync("卫生许可由二号窗口受理");
        await first.GetByRole(AriaRole.Button, new() { Name = "转办", Exact = true }).ClickAsync();
        await first.Locator("#transfer-chain").WaitForAsync();
        await Browser.ScreenshotAsync(first, "26-inquiry-transferred");

        // Until the receiver acknowledges, the first contact stays accountable (首问负责).
        (await first.Locator("#inquiry-accountable").InnerTextAsync()).ShouldBe("窗口 张敏");

        var second = await NewPageAsync();
        await second.GotoAsync("/sign-in");
        await UiJourneyTests.SignInAsync(second, "clerk2");
        await second.WaitForURLAsync("**/desk");
        var row = second.Locator("#incoming-transfers tr").Filter(new() { HasText = "卫生许可由二号窗口受理" });
        await row.GetByRole(AriaRole.Button, new() { Name = "签收" }).ClickAsync();
        await second.WaitForURLAsync("**acknowledged=true");
        await Browser.ScreenshotAsync(second, "27-inquiry-acknowledged");

        (await second.Locator("#inquiry-accountable").InnerTextAsync()).ShouldBe("窗口 李强");
        (await second.Locator("#transfer-chain").InnerTextAsync()).ShouldContain("窗口 李强");
    }

    [Test]
    public async Task Two_approvers_sign_in_parallel_the_lead_decides_and_the_citizen_sees_the_case_completed_and_rates_it()
    {
        var caseNumber = await AcceptAsync(await RegisterAsync(Construction, ["M01", "M02", "M03", "M04", "M05"]));

        var lead = await SignedInAsync("lead-housing");
        await OpenTaskAsync(lead, caseNumber, "牵头部门分发");
        await Browser.ScreenshotAsync(lead, "30-task-distribution");
        (await lead.Locator("figure.diagram svg").CountAsync()).ShouldBe(1);
        (await lead.Locator("#branches tbody tr").CountAsync()).ShouldBe(4);
        await lead.GetByLabel("审查意见").FillAsync("请各协办部门审查。");
        await lead.GetByRole(AriaRole.Button, new() { Name = "签署", Exact = true }).ClickAsync();
        await lead.WaitForURLAsync("**/inbox?done=**");

        // Two departments at the same time, each in its own browser; the third one afterwards.
        var fire = await SignedInAsync("approver-fire");
        var ecology = await SignedInAsync("approver-ecology");
        await Task.WhenAll(OpenTaskAsync(fire, caseNumber, "部门审查"), OpenTaskAsync(ecology, caseNumber, "部门审查"));
        await Browser.ScreenshotAsync(fire, "31-task-review");
        (await fire.Locator("#case-materials").InnerTextAsync()).ShouldContain("建设资金落实证明");
        await Task.WhenAll(SignAsync(fire, "同意", "消防设计符合要求。"), SignAsync(ecology, "同意", "环评手续齐全。"));
        var resources = await SignedInAsync("approver-resources");
        await OpenTaskAsync(resources, caseNumber, "部门审查");
        await SignAsync(resources, "同意", "用地手续合法。");

        await OpenTaskAsync(lead, caseNumber, "牵头部门汇总决定");
        await Browser.ScreenshotAsync(lead, "32-task-lead-decision");
        (await lead.Locator("#opinions tbody tr").CountAsync()).ShouldBe(4);
        (await lead.Locator("#opinions").InnerTextAsync()).ShouldContain("消防 赵刚");
        await lead.GetByLabel("不予许可", new() { Exact = true }).CheckAsync();
        await lead.GetByLabel("审查意见").FillAsync("不同意。");
        await lead.GetByRole(AriaRole.Button, new() { Name = "签署", Exact = true }).ClickAsync();
        await lead.Locator("#reasons-error").WaitForAsync();
        (await lead.Locator("#reasons-error").InnerTextAsync()).ShouldContain("reasons");
        await lead.GetByLabel("准予许可", new() { Exact = true }).CheckAsync();
        await lead.GetByLabel("审查意见").FillAsync("各部门均同意，准予许可。");
        await lead.GetByRole(AriaRole.Button, new() { Name = "签署", Exact = true }).ClickAsync();
        await lead.WaitForURLAsync("**/inbox?done=**");

        var citizen = await NewPageAsync();
        await citizen.GotoAsync("/progress");
        await citizen.GetByLabel("办件编号").FillAsync(caseNumber);
        await citizen.GetByLabel("申请人证件号码后 4 位").FillAsync("002X");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await citizen.Locator("#progress-result").WaitForAsync();
        await Browser.ScreenshotAsync(citizen, "33-progress-completed");

        (await citizen.Locator("#progress-step").InnerTextAsync()).ShouldContain("办结");
        (await citizen.Locator("#progress-departments tbody tr").CountAsync()).ShouldBe(4);
        (await citizen.Locator("#progress-departments").InnerTextAsync()).ShouldContain("已办结");
        (await citizen.Locator("#progress-committed").InnerTextAsync()).ShouldMatch(@"^\d{4}-\d{2}-\d{2}$");

        // Issue 6, done when: the citizen rates the completed case from the portal.
        await citizen.GotoAsync("/");
        await citizen.Locator("#public-services").GetByRole(AriaRole.Link, new() { Name = "好差评" }).ClickAsync();
        await citizen.WaitForURLAsync("**/rating");
        await citizen.GetByLabel("办件编号").FillAsync(caseNumber);
        await citizen.GetByLabel("身份证件号码后4位").FillAsync("002X");
        await citizen.GetByLabel("非常满意").CheckAsync();
        await citizen.GetByLabel("评价说明（不满意时必填）").FillAsync("审批很快，窗口服务热情。");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "提交", Exact = true }).ClickAsync();
        await citizen.Locator("#rating-recorded").WaitForAsync();
        await Browser.ScreenshotAsync(citizen, "35-rating-recorded");

        (await citizen.Locator("#rating-recorded").InnerTextAsync()).ShouldContain(caseNumber);
        (await citizen.Locator("#rating-recorded").InnerTextAsync()).ShouldContain("非常满意");
    }

    [Test]
    public async Task A_citizen_looks_up_the_progress_and_a_wrong_id_ending_learns_nothing()
    {
        var caseNumber = await AcceptAsync(await RegisterAsync(Food, ["M01", "M02", "M03", "M04", "M05"]));
        var page = await NewPageAsync();

        await page.GotoAsync("/progress");
        await page.GetByLabel("办件编号").FillAsync(caseNumber);
        await page.GetByLabel("申请人证件号码后 4 位").FillAsync("1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await page.Locator("#progress-not-found").WaitForAsync();
        (await page.Locator("#progress-result").CountAsync()).ShouldBe(0);
        await page.GetByLabel("申请人证件号码后 4 位").FillAsync("002x");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await page.Locator("#progress-result").WaitForAsync();
        await Browser.ScreenshotAsync(page, "34-progress-lookup");

        (await page.Locator("#progress-state").InnerTextAsync()).ShouldBe("已受理");
        (await page.Locator("#progress-departments").InnerTextAsync()).ShouldContain("市场监督管理局");
        (await page.Locator("body").InnerTextAsync()).ShouldNotContain("110105");
    }

    [Test]
    public async Task An_approver_sees_the_red_mark_on_an_overdue_task_and_claims_it()
    {
        var caseNumber = await AcceptAsync(await RegisterAsync(Food, ["M01", "M02", "M03", "M04", "M05"]));
        var page = await SignedInAsync("approver-market");
        await WaitForTaskAsync(page, caseNumber);
        await using (var connection = new NpgsqlConnection(Host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var late = new NpgsqlCommand("UPDATE approval.department_tasks SET due_at = now() - interval '1 hour' WHERE case_number = @case", connection);
            late.Parameters.AddWithValue("case", caseNumber);
            await late.ExecuteNonQueryAsync();
        }

        await page.ReloadAsync();
        var row = page.Locator("#inbox tbody tr").Filter(new() { HasText = caseNumber });
        (await row.Locator(".badge-red").CountAsync()).ShouldBe(1);
        await Browser.ScreenshotAsync(page, "35-inbox-overdue");
        await row.GetByRole(AriaRole.Button, new() { Name = $"认领 {caseNumber}" }).ClickAsync();
        await page.WaitForURLAsync("**/inbox/tasks/**");

        (await page.Locator("#task-state").InnerTextAsync()).ShouldContain("已认领");
        (await page.Locator("#task-state").InnerTextAsync()).ShouldContain("市场监管 王芳");
    }

    [Test]
    public async Task A_supplement_request_without_its_materials_is_refused_next_to_the_checklist()
    {
        var caseNumber = await AcceptAsync(await RegisterAsync(Food, ["M01", "M02", "M03", "M04", "M05"]));
        var page = await SignedInAsync("approver-market");
        await OpenTaskAsync(page, caseNumber, "部门审查");

        await page.GetByLabel("需补正材料", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("审查意见").FillAsync("请补正。");
        await page.GetByRole(AriaRole.Button, new() { Name = "签署", Exact = true }).ClickAsync();
        await page.Locator("#supplement-error").WaitForAsync();
        await Browser.ScreenshotAsync(page, "38-supplement-without-materials");

        // Rule 2 (一次告知): a supplement names every material it asks for; nothing was signed.
        (await page.Locator("#supplement-error").InnerTextAsync()).ShouldBe("要求补正时须勾选需补正的材料。");
        (await page.Locator("#task-state").InnerTextAsync()).ShouldStartWith("待办");
        (await page.GetByLabel("审查意见").InputValueAsync()).ShouldBe("请补正。");
    }

    [Test]
    public async Task A_supplement_request_naming_a_material_and_its_problem_is_signed_and_goes_back_to_the_window()
    {
        var caseNumber = await AcceptAsync(await RegisterAsync(Food, ["M01", "M02", "M03", "M04", "M05"]));
        var page = await SignedInAsync("approver-market");
        await OpenTaskAsync(page, caseNumber, "部门审查");

        await page.GetByLabel("需补正材料", new() { Exact = true }).CheckAsync();
        await page.Locator("input[name=supplementMaterial]").First.CheckAsync();
        await page.Locator("input[name^=supplementProblem-]").First.FillAsync("复印件不清晰，请提供原件扫描件。");
        await page.GetByLabel("审查意见").FillAsync("请补正后继续审查。");
        await Browser.ScreenshotAsync(page, "39-supplement-with-materials");
        await page.GetByRole(AriaRole.Button, new() { Name = "签署", Exact = true }).ClickAsync();

        // The materials reached the Approval module and the single-notice check: the sign-off went through.
        await page.WaitForURLAsync("**/inbox?done=**");
        (await page.Locator(".notice-success").CountAsync()).ShouldBe(1);
    }

    [Test]
    public async Task A_supervisor_acknowledges_and_then_rectifies_a_ledger_entry_with_a_note()
    {
        var subject = "UI-LEDGER-" + Guid.NewGuid().ToString("N")[..6];
        await RecordLedgerEntryAsync(subject);
        var page = await SignedInAsync("supervisor");

        await page.GotoAsync("/ledger");
        var row = page.Locator("#ledger-entries tbody tr").Filter(new() { HasText = subject });
        await Browser.ScreenshotAsync(page, "36-ledger-open");
        await row.GetByRole(AriaRole.Button, new() { Name = $"签收 {subject}" }).ClickAsync();
        await page.WaitForURLAsync("**done=acknowledged");
        await page.GotoAsync("/ledger?state=Acknowledged");
        row = page.Locator("#ledger-entries tbody tr").Filter(new() { HasText = subject });
        (await row.InnerTextAsync()).ShouldContain("电子监察 吴静");
        await row.GetByLabel("整改情况").FillAsync("已约谈窗口负责人，当日办结。");
        await row.GetByRole(AriaRole.Button, new() { Name = "整改" }).ClickAsync();
        await page.WaitForURLAsync("**done=rectified");
        await page.GotoAsync("/ledger?state=Rectified");
        await Browser.ScreenshotAsync(page, "37-ledger-rectified");

        row = page.Locator("#ledger-entries tbody tr").Filter(new() { HasText = subject });
        (await row.InnerTextAsync()).ShouldContain("已约谈窗口负责人，当日办结。");
        (await row.GetByRole(AriaRole.Button).CountAsync()).ShouldBe(0);
    }

    private async Task<IPage> SignedInAsync(string login)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/sign-in");
        await UiJourneyTests.SignInAsync(page, login);
        await page.WaitForURLAsync(new Regex("/(inbox|desk|dashboard)$"));
        return page;
    }

    /// <summary>The inbox row of the case, once the accepted case has reached the department (delivered through the outbox).</summary>
    private static async Task<ILocator> WaitForTaskAsync(IPage page, string caseNumber, string? kind = null)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await page.GotoAsync("/inbox");
            var row = page.Locator("#inbox tbody tr").Filter(new() { HasText = caseNumber });
            if (kind is not null)
            {
                row = row.Filter(new() { HasText = kind });
            }

            if (await row.CountAsync() > 0)
            {
                return row;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"No task of {caseNumber} reached the inbox.");
    }

    private static async Task OpenTaskAsync(IPage page, string caseNumber, string kind)
    {
        var row = await WaitForTaskAsync(page, caseNumber, kind);
        await row.GetByRole(AriaRole.Link, new() { Name = kind }).ClickAsync();
        await page.WaitForURLAsync("**/inbox/tasks/**");
    }

    private static async Task SignAsync(IPage page, string outcome, string opinion)
    {
        await page.GetByLabel(outcome, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("审查意见").FillAsync(opinion);
        await page.GetByRole(AriaRole.Button, new() { Name = "签署", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/inbox?done=**");
    }

    private async Task<HttpClient> ClerkClientAsync()
    {
        var client = new HttpClient { BaseAddress = Host.Address };
        (await client.PostAsJsonAsync("/api/access/sign-in", new { login = "clerk", password = UiJourneyTests.Password })).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Registers an application at the window through the API, as the desk does; returns the reception number.</summary>
    private async Task<string> RegisterAsync(string item, string[] materials)
    {
        using var client = await ClerkClientAsync();
        var response = await client.PostAsJsonAsync("/api/intake/cases", new
        {
            serviceItemCode = item,
            applicant = new { kind = "Person", name = "李四", idNumber = IdNumber, phone = Phone },
            // Two originals of each: enough for every list of the demo catalogue.
            materials = materials.Select(code => new { code, copies = 2, form = "Original" }).ToArray(),
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receptionNumber").GetString()!;
    }

    private async Task<string> AcceptAsync(string reception)
    {
        using var client = await ClerkClientAsync();
        var response = await client.PostAsync(new Uri($"/api/intake/cases/{reception}/acceptance", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString()!;
    }

    private async Task RecordLedgerEntryAsync(string subject)
    {
        await using var connection = new NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO supervision.ledger_entries (id, region_code, kind, source_key, subject_type, subject_id, actor, summary, occurred_at)
            VALUES (gen_random_uuid(), '000000', 'Overdue', @source, 'case', @subject, '窗口 张敏', '超过承诺时限', now())
            """,
            connection);
        insert.Parameters.AddWithValue("source", "ui-test:" + subject);
        insert.Parameters.AddWithValue("subject", subject);
        await insert.ExecuteNonQueryAsync();
    }
}
