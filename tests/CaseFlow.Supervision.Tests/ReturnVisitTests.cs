using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Approval.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Supervision.Tests;

/// <summary>回访: a daily random share of the cases completed that day becomes call tasks; results are recorded once.</summary>
public sealed class ReturnVisitTests() : SupervisionFixture()
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private async Task CompleteCasesAsync(string prefix, DateOnly day, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var number = $"{prefix}-{i:000000}";
            await App.DeliverAsync(new CaseAccepted(number, SupervisionApp.FoodLicence, 1, CaseType.Promised, "market-regulation", [], 5, 20,
                new DateTimeOffset(day.AddDays(-3).ToDateTime(new TimeOnly(9, 0)), Beijing), false, "demo-center", "staff-a", "张敏", "W01"));
            await App.DeliverAsync(new CaseCompleted(number, ApprovalResult.Approved, null, null, new DateTimeOffset(day.ToDateTime(new TimeOnly(15, 0)), Beijing)));
        }
    }

    [Test]
    public async Task The_daily_job_draws_the_configured_share_of_the_days_completed_cases_and_a_second_run_draws_nothing_new()
    {
        var day = new DateOnly(2026, 3, 10);
        await CompleteCasesAsync("2026-7", day, 10);
        await CompleteCasesAsync("2026-6", day.AddDays(1), 3);
        await using var scope = App.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetServices<IRecurringJob>().Single(j => j.Name == "supervision.return-visits");
        // The job fires at 03:00 in Beijing (19:00 UTC the evening before) and draws the day before.
        var firing = new DateTimeOffset(2026, 3, 10, 19, 0, 0, TimeSpan.Zero);

        await job.RunAsync(firing, CancellationToken.None);
        await job.RunAsync(firing, CancellationToken.None);

        // A quarter of 10, rounded up: 3 calls, all about cases completed that day.
        (await App.CountAsync("SELECT count(*) FROM supervision.return_visits WHERE day = $1", day)).ShouldBe(3);
        (await App.CountAsync("SELECT count(*) FROM supervision.return_visits WHERE day = $1 AND case_number LIKE '2026-7-%'", day)).ShouldBe(3);
        (await App.CountAsync("SELECT count(*) FROM supervision.return_visits WHERE day = $1", day.AddDays(1))).ShouldBe(0);
        job.Cron.ShouldBe("0 0 19 * * ?");
    }

    [Test]
    public async Task A_supervisor_draws_a_day_through_the_API_and_records_each_calls_result_once()
    {
        var day = new DateOnly(2026, 3, 12);
        await CompleteCasesAsync("2026-5", day, 4);
        using var supervisor = await App.SignedInClientAsync("supervisor");
        using var clerk = await App.SignedInClientAsync("clerk");

        var forbidden = await clerk.PostAsJsonAsync("/api/supervision/return-visits/sample", new { day = "2026-03-12" });
        var first = await (await supervisor.PostAsJsonAsync("/api/supervision/return-visits/sample", new { day = "2026-03-12" })).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await supervisor.PostAsJsonAsync("/api/supervision/return-visits/sample", new { day = "2026-03-12" })).Content.ReadFromJsonAsync<JsonElement>();
        var calls = await (await supervisor.GetAsync("/api/supervision/return-visits?day=2026-03-12")).Content.ReadFromJsonAsync<JsonElement>();
        var id = calls[0].GetProperty("id").GetString();
        var withoutSatisfaction = await supervisor.PostAsJsonAsync($"/api/supervision/return-visits/{id}/result", new { reached = true });
        var recorded = await supervisor.PostAsJsonAsync($"/api/supervision/return-visits/{id}/result", new { reached = true, satisfaction = "Satisfied", note = "申请人表示满意。" });
        var again = await supervisor.PostAsJsonAsync($"/api/supervision/return-visits/{id}/result", new { reached = false });
        var missing = await supervisor.PostAsJsonAsync($"/api/supervision/return-visits/{Guid.NewGuid()}/result", new { reached = false });

        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        first.GetProperty("completedCases").GetInt32().ShouldBe(4);
        first.GetProperty("sampled").GetInt32().ShouldBe(1);
        first.GetProperty("drawnNow").GetBoolean().ShouldBeTrue();
        second.GetProperty("sampled").GetInt32().ShouldBe(1);
        second.GetProperty("drawnNow").GetBoolean().ShouldBeFalse();
        calls.GetArrayLength().ShouldBe(1);
        withoutSatisfaction.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        recorded.StatusCode.ShouldBe(HttpStatusCode.OK);
        var visit = await recorded.Content.ReadFromJsonAsync<JsonElement>();
        visit.GetProperty("state").GetString().ShouldBe("Reached");
        visit.GetProperty("calledBy").GetString().ShouldNotBeNullOrEmpty();
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Two_draws_of_one_day_at_the_same_moment_make_one_set_of_calls()
    {
        var day = new DateOnly(2026, 3, 16);
        await CompleteCasesAsync("2026-4", day, 8);

        var draws = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => App.SendAsync(new CaseFlow.Supervision.Contracts.SampleReturnVisits(day))));

        draws.Count(d => d.DrawnNow).ShouldBe(1);
        (await App.CountAsync("SELECT count(*) FROM supervision.return_visits WHERE day = $1", day)).ShouldBe(2);
    }
}
