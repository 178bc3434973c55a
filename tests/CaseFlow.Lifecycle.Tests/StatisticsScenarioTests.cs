using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Lifecycle.Tests;

/// <summary>
/// Rule 5/6 across the modules: the supervision statistics of a case that went the whole real path (window, department,
/// completion), with the working days used taken from the committed clock the Approval module started at acceptance.
/// </summary>
public sealed class StatisticsScenarioTests
{
    /// <summary>食品经营许可 of the demo catalogue: market regulation distributes, reviews and decides.</summary>
    private const string FoodLicence = "11000000MB0000001-SP-02";

    private static readonly object[] FoodMaterials =
    [
        new { code = "M01", copies = 1, form = "Original" },
        new { code = "M02", copies = 1, form = "Copy" },
        new { code = "M03", copies = 1, form = "Original" },
        new { code = "M04", copies = 1, form = "Original" },
        new { code = "M05", copies = 1, form = "Copy" },
    ];

    private LifecycleApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await LifecycleApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task A_case_accepted_at_the_window_and_approved_by_its_department_the_next_day_counts_as_accepted_completed_on_time_with_one_working_day_used()
    {
        // The demo data is entered on Monday 2 March; this case is accepted on Thursday 5 March, so the period 5–6 March is its alone.
        using (await _app.SignedInClientAsync("clerk"))
        {
            // Signing in once enters the demo data at the fake clock's start.
        }

        _app.Clock.Advance(TimeSpan.FromDays(3));
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var approver = await _app.SignedInClientAsync("approver-market");
        var caseNumber = await _app.RegisterAndAcceptAsync(clerk, approver, FoodLicence, FoodMaterials);
        var clockId = (await approver.GetFromJsonAsync<JsonElement>($"/api/approval/cases/{caseNumber}")).GetProperty("committedClockId").GetGuid();

        // The department signs on Friday 6 March.
        _app.Clock.Advance(TimeSpan.FromDays(1));
        using var approverLater = await _app.SignedInClientAsync("approver-market");
        using var lead = await _app.SignedInClientAsync("lead-market");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        await ApproveToTheEndAsync(approverLater, lead, caseNumber);
        var clock = await supervisor.GetFromJsonAsync<JsonElement>($"/api/deadline/clocks/{clockId}");
        var row = await CenterRowOnceCompletedAsync(supervisor, "2026-03-05", "2026-03-06");

        clock.GetProperty("ownerKey").GetString().ShouldBe($"case:{caseNumber}:committed");
        clock.GetProperty("state").GetString().ShouldBe("Stopped");
        row.GetProperty("accepted").GetInt32().ShouldBe(1);
        row.GetProperty("completed").GetInt32().ShouldBe(1);
        row.GetProperty("completedOnTime").GetInt32().ShouldBe(1);
        row.GetProperty("onTimeRate").GetDecimal().ShouldBe(1m);
        row.GetProperty("averageWorkingDaysUsed").GetDecimal().ShouldBe(1m);
        row.GetProperty("averageWorkingDaysCommitted").GetDecimal().ShouldBe(clock.GetProperty("limitDays").GetDecimal());
    }

    /// <summary>Signs every open task of the case in market regulation (distribute, review, decide) until the process ends.</summary>
    private static async Task ApproveToTheEndAsync(HttpClient approver, HttpClient lead, string caseNumber)
    {
        for (var round = 0; round < 10; round++)
        {
            var view = await approver.GetFromJsonAsync<JsonElement>($"/api/approval/cases/{caseNumber}");
            if (view.GetProperty("processStatus").GetString() == "Completed")
            {
                return;
            }

            var inbox = await approver.GetFromJsonAsync<JsonElement>("/api/approval/departments/market-regulation/inbox?state=Opened&limit=200");
            var task = inbox.GetProperty("items").EnumerateArray().FirstOrDefault(t => t.GetProperty("caseNumber").GetString() == caseNumber);
            if (task.ValueKind == JsonValueKind.Undefined)
            {
                await Task.Delay(100);
                continue;
            }

            var kind = task.GetProperty("kind").GetString();
            var signer = kind is "Review" ? approver : lead;
            var outcome = kind is "Distribution" ? "distribute" : "approve";
            var signed = await signer.PostAsJsonAsync($"/api/approval/tasks/{task.GetProperty("id").GetGuid()}/sign-off", new { outcome, opinion = "材料齐全，符合法定条件，同意。" });
            signed.StatusCode.ShouldBe(HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());
        }

        throw new InvalidOperationException($"Case {caseNumber} did not complete.");
    }

    /// <summary>The center's row of the statistics once the outbox has delivered CaseCompleted to Supervision.</summary>
    private static async Task<JsonElement> CenterRowOnceCompletedAsync(HttpClient supervisor, string from, string to)
    {
        var row = default(JsonElement);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var report = await supervisor.GetFromJsonAsync<JsonElement>($"/api/supervision/statistics?by=Center&from={from}&to={to}");
            var rows = report.GetProperty("rows");
            if (rows.GetArrayLength() == 1)
            {
                row = rows[0];
                if (row.GetProperty("completed").GetInt32() > 0)
                {
                    return row;
                }
            }

            await Task.Delay(100);
        }

        row.ValueKind.ShouldBe(JsonValueKind.Object, "the statistics never had the center's row");
        return row;
    }
}
