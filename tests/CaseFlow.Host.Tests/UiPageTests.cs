using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Host.Tests;

/// <summary>Rules the web pages enforce as the API does, checked over HTTP on the Host.</summary>
public sealed class UiPageTests
{
    private CaseFlowApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await CaseFlowApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task A_clerks_open_items_on_the_desk_are_the_cases_they_received_and_no_one_elses()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var clerk2 = await _app.SignedInClientAsync("clerk2");
        var mine = await RegisterAsync(clerk);
        var theirs = await RegisterAsync(clerk2);

        var desk = await clerk.GetStringAsync(new Uri("/desk", UriKind.Relative));

        desk.ShouldContain(mine);
        desk.ShouldNotContain(theirs);
    }

    [Test]
    public async Task The_progress_page_shares_the_lookup_rate_limit_so_id_endings_cannot_be_tried_in_bulk()
    {
        using var visitor = _app.CreateClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 25; i++)
        {
            statuses.Add((await visitor.GetAsync(new Uri("/progress", UriKind.Relative))).StatusCode);
        }

        statuses.Take(20).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.Skip(20).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }

    private static async Task<string> RegisterAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/intake/cases", new
        {
            serviceItemCode = "11000000MB0000001-SP-02",
            applicant = new { kind = "Person", name = "王五", idNumber = "11010519491231002X", phone = "13800138000" },
            materials = new[] { new { code = "M01" } },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receptionNumber").GetString()!;
    }
}
