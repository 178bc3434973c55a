using System.Net;
using System.Text.RegularExpressions;

namespace CaseFlow.Supervision.Tests;

/// <summary>The hotline pages (static server rendering, plain forms with antiforgery) over the same rules as the API.</summary>
public sealed partial class HotlinePageTests
{
    private SupervisionApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await SupervisionApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        var page = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(page);
        token.Success.ShouldBeTrue($"no antiforgery token on {path}");
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value), ["_handler"] = formName };
        return await client.PostAsync(path, new FormUrlEncodedContent(body));
    }

    [Test]
    public async Task An_operator_registers_a_ticket_on_the_hotline_page_and_the_departments_approver_replies_on_its_page()
    {
        using var operatorClient = await _app.SignedInClientAsync("hotline");
        using var approver = await _app.SignedInClientAsync("approver-housing");
        var requestId = Guid.NewGuid().ToString("N");

        var registered = await PostFormAsync(operatorClient, "/hotline", "register-hotline-ticket", new()
        {
            ["requestId"] = requestId,
            ["channel"] = "Written",
            ["callerName"] = "王先生",
            ["callerPhone"] = "13800001234",
            ["subject"] = "施工噪音扰民",
            ["content"] = "夜间十点后仍在施工，噪音很大。",
            ["handlingDepartment"] = "housing-construction",
        });
        var registeredHtml = await registered.Content.ReadAsStringAsync();
        var number = (await _app.SingleTextAsync("SELECT number FROM supervision.hotline_tickets WHERE request_id = $1", requestId))!;
        var ticketPage = await (await operatorClient.GetAsync($"/hotline/tickets/{number}")).Content.ReadAsStringAsync();
        var inbox = await (await approver.GetAsync("/inbox/hotline")).Content.ReadAsStringAsync();
        var replied = await PostFormAsync(approver, $"/hotline/tickets/{number}", "hotline-reply", new() { ["reply"] = "已责令施工单位停止夜间施工。" });
        var repliedHtml = await replied.Content.ReadAsStringAsync();

        registered.StatusCode.ShouldBe(HttpStatusCode.OK);
        registeredHtml.ShouldContain("id=\"hotline-registered\"");
        registeredHtml.ShouldContain(number);
        ticketPage.ShouldContain("138****1234");
        ticketPage.ShouldNotContain("13800001234");
        inbox.ShouldContain(number);
        replied.StatusCode.ShouldBe(HttpStatusCode.OK);
        repliedHtml.ShouldContain("已责令施工单位停止夜间施工。");
        (await _app.CountAsync("SELECT count(*) FROM supervision.hotline_tickets WHERE number = $1 AND state = 'Closed'", number)).ShouldBe(1);
    }

    [Test]
    public async Task A_registration_form_without_the_callers_name_is_shown_again_with_the_reason_and_a_400()
    {
        using var operatorClient = await _app.SignedInClientAsync("hotline");

        var response = await PostFormAsync(operatorClient, "/hotline", "register-hotline-ticket", new()
        {
            ["channel"] = "Phone",
            ["subject"] = "路灯",
            ["content"] = "路灯不亮",
            ["handlingDepartment"] = "housing-construction",
        });
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("id=\"hotline-caller-error\"");
        html.ShouldNotContain("id=\"hotline-registered\"");
    }

    [Test]
    public async Task Another_departments_approver_does_not_find_the_ticket_page_and_a_clerk_may_not_open_the_hotline_desk()
    {
        using var operatorClient = await _app.SignedInClientAsync("hotline");
        var number = (await Hotline.RegisterAsync(operatorClient, "Phone", "housing-construction")).GetProperty("number").GetString();
        using var otherDepartment = await _app.SignedInClientAsync("approver-fire");
        using var clerk = await _app.SignedInClientAsync("clerk");

        var page = await otherDepartment.GetAsync($"/hotline/tickets/{number}");
        var desk = await clerk.GetAsync("/hotline");

        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        desk.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
