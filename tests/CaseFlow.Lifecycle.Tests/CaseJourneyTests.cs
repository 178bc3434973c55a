using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Lifecycle.Tests;

/// <summary>Whole journeys from the window to the result through the HTTP API, each on its own clock.</summary>
public sealed class CaseJourneyTests
{
    private const string RealEstateTransfer = "11000000MB0000004-BDC-05";

    private LifecycleApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await LifecycleApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task A_real_estate_transfer_is_accepted_and_completed_within_one_working_day()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var resources = await _app.SignedInClientAsync("approver-resources");
        const string Basis = "《不动产登记暂行条例》第十六条";
        var item = await admin.PostAsJsonAsync("/api/intake/service-items", new
        {
            code = RealEstateTransfer,
            name = "不动产转移登记",
            caseType = "Promised",
            leadDepartment = "natural-resources",
            coDepartments = Array.Empty<string>(),
            // The transaction center's promise: from 3 working days down to 1 (DOMAIN.md, figures).
            committedLimitDays = 1,
            statutoryLimitDays = 30,
            published = true,
            materials = new[]
            {
                new { code = "M01", name = "不动产登记申请书", form = "Original", copies = 1, required = true, legalBasis = Basis },
                new { code = "M02", name = "不动产权属证书", form = "Original", copies = 1, required = true, legalBasis = Basis },
                new { code = "M03", name = "买卖合同", form = "Original", copies = 1, required = true, legalBasis = Basis },
            },
            conditions = "权属清楚，交易双方身份明确。",
            legalBasis = Basis,
        });
        item.StatusCode.ShouldBe(HttpStatusCode.Created, await item.Content.ReadAsStringAsync());
        object[] materials =
        [
            new { code = "M01", copies = 1, form = "Original" },
            new { code = "M02", copies = 1, form = "Original" },
            new { code = "M03", copies = 1, form = "Original" },
        ];

        var caseNumber = await _app.RegisterAndAcceptAsync(clerk, resources, RealEstateTransfer, materials);
        var accepted = await clerk.GetFromJsonAsync<JsonElement>($"/api/intake/cases/{caseNumber}");
        // Accepted Monday 2 March 09:00; the registrar signs on Tuesday morning, within the one working day.
        _app.Clock.Advance(TimeSpan.FromHours(25));
        using var registrar = await _app.SignedInClientAsync("approver-resources");
        var task = await OpenTaskAsync(registrar, caseNumber);
        var claimed = await registrar.PostAsync($"/api/approval/tasks/{task}/claim", null);
        var signed = await registrar.PostAsJsonAsync($"/api/approval/tasks/{task}/sign-off", new { outcome = "approve", opinion = "权属清楚，准予转移登记。" });
        var view = await registrar.GetFromJsonAsync<JsonElement>($"/api/approval/cases/{caseNumber}");
        var clock = await registrar.GetFromJsonAsync<JsonElement>($"/api/deadline/clocks/{view.GetProperty("committedClockId").GetGuid()}");

        accepted.GetProperty("state").GetString().ShouldBe("Accepted");
        accepted.GetProperty("committedDate").GetString().ShouldBe("2026-03-03");
        claimed.StatusCode.ShouldBe(HttpStatusCode.OK);
        signed.StatusCode.ShouldBe(HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());
        view.GetProperty("processKey").GetString().ShouldBe("approval-single");
        view.GetProperty("result").GetString().ShouldBe("Approved");
        var due = new DateTimeOffset(2026, 3, 3, 17, 30, 0, TimeSpan.FromHours(8));
        view.GetProperty("committedDueAt").GetDateTimeOffset().ShouldBe(due);
        view.GetProperty("completedAt").GetDateTimeOffset().ShouldBeLessThan(due);
        clock.GetProperty("limitDays").GetInt32().ShouldBe(1);
        clock.GetProperty("state").GetString().ShouldBe("Stopped");
        clock.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(due);
        clock.GetProperty("stoppedAt").GetDateTimeOffset().ShouldBeLessThan(due);
        clock.GetProperty("overdueAt").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private static async Task<Guid> OpenTaskAsync(HttpClient client, string caseNumber)
    {
        var inbox = await client.GetFromJsonAsync<JsonElement>("/api/approval/departments/natural-resources/inbox?state=Opened&limit=200");
        return inbox.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("caseNumber").GetString() == caseNumber).GetProperty("id").GetGuid();
    }
}
