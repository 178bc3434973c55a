using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Workflow.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Intake.Tests;

/// <summary>Moves its app's clock, so it has an app of its own.</summary>
public sealed class DeemedAcceptanceTests
{
    private IntakeApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await IntakeApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task With_neither_acceptance_nor_notice_within_5_working_days_of_receipt_the_case_counts_as_accepted_from_receipt()
    {
        var runtime = _app.Services.GetRequiredService<WorkflowRuntime>();
        string reception;
        string id = Applicants.ResidentId();
        using (var clerk = await _app.SignedInClientAsync("clerk"))
        {
            reception = (await Applicants.RegisterAsync(clerk, Applicants.AllFoodMaterials(), id)).Reception();
        }

        // Friday 6 March: four working days after Monday's receipt, still within the limit.
        _app.Clock.Advance(TimeSpan.FromDays(4));
        await runtime.FireDueTimersAsync();
        using var stillWithin = await _app.SignedInClientAsync("clerk");
        var before = await stillWithin.GetFromJsonAsync<JsonElement>($"/api/intake/cases/{reception}");
        // Tuesday 10 March: the fifth working day (Monday 9 March) has ended.
        _app.Clock.Advance(TimeSpan.FromDays(4));
        await runtime.FireDueTimersAsync();
        using var clerkLater = await _app.SignedInClientAsync("clerk");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var after = await WaitForStateAsync(clerkLater, reception, "Accepted");
        var entry = await ReceptionAndAcceptanceTests.LedgerEntryAsync(supervisor, "DeemedAcceptance", reception);
        var progress = await _app.AnonymousClient().PostAsJsonAsync("/api/intake/progress", new { caseNumber = after.GetProperty("caseNumber").GetString(), idLast4 = id[^4..] });
        using var approver = await _app.SignedInClientAsync("approver-market");
        var clock = await CommittedClockAsync(approver, after.GetProperty("caseNumber").GetString()!);

        before.GetProperty("state").GetString().ShouldBe("Received");
        after.GetProperty("deemed").GetBoolean().ShouldBeTrue();
        after.GetProperty("acceptedAt").GetString().ShouldBe(after.GetProperty("receivedAt").GetString());
        after.GetProperty("committedDate").GetString().ShouldBe("2026-03-09");
        entry.GetProperty("subjectId").GetString().ShouldBe(after.GetProperty("caseNumber").GetString());
        (await progress.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deemed").GetBoolean().ShouldBeTrue();
        // Rule 3: the case clock runs from receipt too, so the days the center let pass count against its limit.
        clock.GetProperty("startedAt").GetDateTimeOffset().ShouldBe(after.GetProperty("receivedAt").GetDateTimeOffset());
        clock.GetProperty("limitDays").GetInt32().ShouldBe(5);
    }

    /// <summary>The case's committed clock, once Approval has received the case from the outbox and started it.</summary>
    private static async Task<JsonElement> CommittedClockAsync(HttpClient approver, string caseNumber)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var response = await approver.GetAsync($"/api/approval/cases/{caseNumber}");
            if (response.IsSuccessStatusCode
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("committedClockId") is { ValueKind: JsonValueKind.String } id)
            {
                return await approver.GetFromJsonAsync<JsonElement>($"/api/deadline/clocks/{id.GetGuid()}");
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Approval never started the clock of {caseNumber}.");
        return default;
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient client, string reception, string state)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var view = await client.GetFromJsonAsync<JsonElement>($"/api/intake/cases/{reception}");
            if (view.GetProperty("state").GetString() == state)
            {
                return view;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{reception} never became {state}.");
        return default;
    }
}
