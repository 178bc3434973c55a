using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CaseFlow.Approval.Contracts;

namespace CaseFlow.Supervision.Tests;

/// <summary>The pages (static server rendering, plain forms with antiforgery) over the same rules.</summary>
public sealed partial class PageTests() : SupervisionFixture()
{
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
    public async Task A_citizen_files_a_complaint_on_the_public_form_page_and_is_given_its_number_and_reply_date()
    {
        using var citizen = await App.PublicClientAsync();

        var response = await PostFormAsync(citizen, "/complaint", "online-complaint", new()
        {
            ["FormModel.Name"] = "李华",
            ["FormModel.Phone"] = "13512345678",
            ["FormModel.Content"] = "三号窗口中午无人值守。",
        });
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("id=\"complaint-registered\"");
        html.ShouldContain("TS2026-");
    }

    [Test]
    public async Task A_complaint_form_without_its_content_is_shown_again_with_the_reason_and_a_400()
    {
        using var citizen = await App.PublicClientAsync();

        var response = await PostFormAsync(citizen, "/complaint", "online-complaint", new() { ["FormModel.Name"] = "李华" });
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("role=\"alert\"");
        html.ShouldNotContain("id=\"complaint-registered\"");
    }

    [Test]
    public async Task A_citizen_rates_a_completed_case_on_the_rating_page()
    {
        using var clerk = await App.SignedInClientAsync("clerk");
        var (caseNumber, idLast4) = await App.AcceptRealCaseAsync(clerk);
        await App.WaitUntilAsync("SELECT count(*) FROM supervision.case_facts WHERE case_number = $1", caseNumber);
        await App.DeliverAsync(new CaseCompleted(caseNumber, ApprovalResult.Approved, null, null, App.Clock.GetUtcNow()));
        using var citizen = await App.PublicClientAsync();

        var response = await PostFormAsync(citizen, "/rating", "rate-case", new()
        {
            ["FormModel.CaseNumber"] = caseNumber,
            ["FormModel.IdLast4"] = idLast4,
            ["FormModel.Level"] = "Satisfied",
        });
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("id=\"rating-recorded\"");
        (await App.CountAsync("SELECT count(*) FROM supervision.ratings WHERE case_number = $1 AND level = 'Satisfied'", caseNumber)).ShouldBe(1);
    }

    [Test]
    public async Task A_supervisor_replies_to_and_closes_a_complaint_on_its_page()
    {
        using var supervisor = await App.SignedInClientAsync("supervisor");
        var registered = await supervisor.PostAsJsonAsync("/api/supervision/complaints", new { channel = "Phone", severity = "Complex", complainantName = "吴刚", content = "电话咨询无人接听。" });
        var number = (await registered.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("number").GetString();

        var list = await (await supervisor.GetAsync("/supervision/complaints?state=Open")).Content.ReadAsStringAsync();
        var replied = await PostFormAsync(supervisor, $"/supervision/complaints/{number}", "complaint-reply", new() { ["ReplyModel.Text"] = "已安排专人接听咨询电话。" });
        var closed = await PostFormAsync(supervisor, $"/supervision/complaints/{number}", "complaint-close", new() { ["CloseModel.Text"] = "已回访。" });
        var page = await (await supervisor.GetAsync($"/supervision/complaints/{number}")).Content.ReadAsStringAsync();

        list.ShouldContain(number!);
        replied.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.Found);
        closed.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.Found);
        page.ShouldContain("已安排专人接听咨询电话。");
        (await App.CountAsync("SELECT count(*) FROM supervision.complaints WHERE number = $1 AND state = 'Closed'", number!)).ShouldBe(1);
    }

    [Test]
    public async Task The_statistics_pages_show_charts_and_CSV_links_to_supervisors_and_the_center_totals_to_everyone()
    {
        using var supervisor = await App.SignedInClientAsync("supervisor");
        using var clerk = await App.SignedInClientAsync("clerk");
        using var citizen = await App.PublicClientAsync();
        var (caseNumber, _) = await App.AcceptRealCaseAsync(clerk);
        await App.WaitUntilAsync("SELECT count(*) FROM supervision.case_facts WHERE case_number = $1", caseNumber);

        var statistics = await supervisor.GetAsync("/supervision/statistics?by=Department&from=2026-03-01&to=2026-03-31");
        var html = await statistics.Content.ReadAsStringAsync();
        var forbidden = await clerk.GetAsync("/supervision/statistics");
        var published = await (await citizen.GetAsync("/statistics?from=2026-03-01&to=2026-03-31")).Content.ReadAsStringAsync();

        statistics.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("<svg");
        html.ShouldContain("market-regulation");
        html.ShouldContain("/api/supervision/statistics.csv?by=Department&amp;from=2026-03-01&amp;to=2026-03-31");
        forbidden.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/forbidden");
        published.ShouldContain("id=\"published-figures\"");
        published.ShouldNotContain("market-regulation");
    }
}
