using Microsoft.Playwright;

namespace CaseFlow.Ui.Tests;

/// <summary>Rule 5 (热线) in a real browser: the operator transfers a call, the department replies on its ticket page.</summary>
[NonParallelizable]
public sealed class HotlineJourneyTests
{
    private UiHost _host = null!;
    private Browser _browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await UiHost.StartAsync();
        _browser = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task An_operator_transfers_a_phone_call_and_the_departments_approver_replies_and_closes_the_ticket()
    {
        var desk = await _browser.NewPageAsync(_host.Address);
        await desk.GotoAsync("/sign-in");
        await UiJourneyTests.SignInAsync(desk, "hotline");
        await desk.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/hotline");
        await desk.GetByLabel("电话转办（3个工作日内答复）").CheckAsync();
        await desk.GetByLabel("来电(来信)人").FillAsync("赵女士");
        await desk.GetByLabel("联系电话（如有）").FillAsync("13600005678");
        await desk.GetByLabel("事由").FillAsync("楼道积水");
        await desk.GetByLabel("诉求内容").FillAsync("小区地下车库入口积水，请尽快处理。");
        await desk.GetByLabel("承办部门").SelectOptionAsync("housing-construction");
        await desk.GetByRole(AriaRole.Button, new() { Name = "登记并转办" }).ClickAsync();
        await desk.WaitForURLAsync("**/hotline?registered=**");
        await Browser.ScreenshotAsync(desk, "40-hotline-desk");
        var number = (await desk.Locator("#hotline-tickets tbody tr").First.Locator("td").First.InnerTextAsync()).Trim();

        var inbox = await _browser.NewPageAsync(_host.Address);
        await inbox.GotoAsync("/sign-in");
        await UiJourneyTests.SignInAsync(inbox, "approver-housing");
        await inbox.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/inbox");
        await inbox.GotoAsync("/inbox/hotline");
        await Browser.ScreenshotAsync(inbox, "41-hotline-inbox");
        await inbox.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await inbox.GetByLabel("答复内容").FillAsync("已安排物业当日抽水并疏通排水沟。");
        await inbox.GetByRole(AriaRole.Button, new() { Name = "提交答复并办结" }).ClickAsync();
        await inbox.WaitForURLAsync("**replied=true");
        await Browser.ScreenshotAsync(inbox, "42-hotline-ticket-replied");

        number.ShouldStartWith("RX");
        (await desk.Locator("#hotline-registered").InnerTextAsync()).ShouldContain(number);
        (await inbox.Locator("#ticket-state").InnerTextAsync()).ShouldBe("已办结");
        (await inbox.Locator("#ticket-reply").InnerTextAsync()).ShouldContain("已安排物业当日抽水并疏通排水沟。");
        (await inbox.Locator("#hotline-ticket").InnerTextAsync()).ShouldContain("136****5678");
    }
}
