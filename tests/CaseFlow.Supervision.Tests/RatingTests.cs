using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Approval.Contracts;

namespace CaseFlow.Supervision.Tests;

/// <summary>好差评: five levels, one rating per completed case by its applicant; bad reviews open a rectification with an appeal path.</summary>
public sealed class RatingTests() : SupervisionFixture()
{
    private async Task<(string CaseNumber, string IdLast4)> CompletedCaseAsync()
    {
        using var clerk = await App.SignedInClientAsync("clerk");
        var (caseNumber, idLast4) = await App.AcceptRealCaseAsync(clerk);
        await App.WaitUntilAsync("SELECT count(*) FROM supervision.case_facts WHERE case_number = $1", caseNumber);
        await App.DeliverAsync(new CaseCompleted(caseNumber, ApprovalResult.Approved, null, null, App.Clock.GetUtcNow().AddDays(2)));
        return (caseNumber, idLast4);
    }

    [Test]
    public async Task A_completed_case_is_rated_once_by_its_applicant_with_the_case_number_and_ID_ending()
    {
        var (caseNumber, idLast4) = await CompletedCaseAsync();
        using var citizen = await App.PublicClientAsync();

        var rated = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4, level = "VerySatisfied", comment = "办事效率高。" });
        var twice = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4, level = "Satisfied" });
        var rating = await rated.Content.ReadFromJsonAsync<JsonElement>();

        rated.StatusCode.ShouldBe(HttpStatusCode.OK);
        rating.GetProperty("level").GetString().ShouldBe("VerySatisfied");
        rating.GetProperty("rectification").ValueKind.ShouldBe(JsonValueKind.Null);
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("rating.already-given");
    }

    [Test]
    public async Task A_wrong_ID_ending_gets_the_same_404_as_an_unknown_case()
    {
        var (caseNumber, idLast4) = await CompletedCaseAsync();
        using var citizen = await App.PublicClientAsync();
        var wrong = idLast4 == "0000" ? "1111" : "0000";

        var wrongId = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4 = wrong, level = "Satisfied" });
        var unknown = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber = "1999-999999", idLast4, level = "Satisfied" });

        wrongId.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wrongId.Content.ReadAsStringAsync()).Replace(caseNumber, "N", StringComparison.Ordinal)
            .ShouldContain("No case matches this number and ID.");
        (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("rating.case-not-found");
    }

    [Test]
    public async Task A_case_still_under_way_cannot_be_rated()
    {
        using var clerk = await App.SignedInClientAsync("clerk");
        var (caseNumber, idLast4) = await App.AcceptRealCaseAsync(clerk);
        await App.WaitUntilAsync("SELECT count(*) FROM supervision.case_facts WHERE case_number = $1", caseNumber);
        using var citizen = await App.PublicClientAsync();

        var response = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4, level = "Satisfied" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("rating.case-not-completed");
    }

    [Test]
    public async Task A_rating_outside_the_five_levels_or_a_bad_review_without_a_comment_is_a_400_naming_the_field()
    {
        var (caseNumber, idLast4) = await CompletedCaseAsync();
        using var citizen = await App.PublicClientAsync();

        var unknownLevel = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4, level = "Perfect" });
        var bareBad = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4, level = "Dissatisfied" });
        var shortId = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4 = "12", level = "Satisfied" });

        unknownLevel.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bareBad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bareBad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("comment", out _).ShouldBeTrue();
        shortId.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await shortId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("idLast4", out _).ShouldBeTrue();
    }

    [Test]
    public async Task A_bad_review_opens_a_rectification_for_the_cases_department_due_in_the_configured_working_days_with_a_ledger_entry()
    {
        var (caseNumber, idLast4) = await CompletedCaseAsync();
        using var citizen = await App.PublicClientAsync();

        var response = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4, level = "VeryDissatisfied", comment = "窗口人员态度恶劣。" });
        var rating = await response.Content.ReadFromJsonAsync<JsonElement>();
        var rectification = rating.GetProperty("rectification");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        rectification.GetProperty("state").GetString().ShouldBe("Open");
        rectification.GetProperty("departmentCode").GetString().ShouldBe("market-regulation");
        // Rated Monday 2 March 2026; 4 working days: due Friday 6 March, 17:30 in Beijing.
        rectification.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 6, 17, 30, 0, TimeSpan.FromHours(8)));
        (await App.CountAsync("SELECT count(*) FROM supervision.ledger_entries WHERE kind = 'BadRating' AND subject_id = $1", caseNumber)).ShouldBe(1);
        (await App.CountAsync("SELECT count(*) FROM deadline.clocks WHERE owner_key = $1 AND state = 'Running'", $"rectification:{caseNumber}")).ShouldBe(1);
    }

    [Test]
    public async Task The_department_rectifies_its_bad_review_and_another_department_may_not()
    {
        var (caseNumber, idLast4) = await CompletedCaseAsync();
        using var citizen = await App.PublicClientAsync();
        await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4, level = "Dissatisfied", comment = "等了很久。" });
        using var market = await App.SignedInClientAsync("approver-market");
        using var fire = await App.SignedInClientAsync("approver-fire");

        var other = await fire.PostAsJsonAsync($"/api/supervision/rectifications/{caseNumber}/rectify", new { note = "不是我们的。" });
        var own = await market.PostAsJsonAsync($"/api/supervision/rectifications/{caseNumber}/rectify", new { note = "已增加午间窗口，缩短等候。" });
        var twice = await market.PostAsJsonAsync($"/api/supervision/rectifications/{caseNumber}/rectify", new { note = "再次整改" });

        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("Rectified");
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.CountAsync("SELECT count(*) FROM deadline.clocks WHERE owner_key = $1 AND state = 'Stopped'", $"rectification:{caseNumber}")).ShouldBe(1);
    }

    [Test]
    public async Task The_department_appeals_a_bad_review_and_a_supervisor_upholds_the_appeal_or_rejects_it()
    {
        var (upheldCase, upheldId) = await CompletedCaseAsync();
        var (rejectedCase, rejectedId) = await CompletedCaseAsync();
        using var citizen = await App.PublicClientAsync();
        await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber = upheldCase, idLast4 = upheldId, level = "VeryDissatisfied", comment = "没有当天发证。" });
        await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber = rejectedCase, idLast4 = rejectedId, level = "Dissatisfied", comment = "要求重复提交材料。" });
        using var market = await App.SignedInClientAsync("approver-market");
        using var supervisor = await App.SignedInClientAsync("supervisor");

        var appealed = await market.PostAsJsonAsync($"/api/supervision/rectifications/{upheldCase}/appeal", new { reason = "承诺时限为5个工作日，当天发证不属于承诺内容。" });
        var byApprover = await market.PostAsJsonAsync($"/api/supervision/rectifications/{upheldCase}/decision", new { uphold = true, note = "自己裁决" });
        var upheld = await supervisor.PostAsJsonAsync($"/api/supervision/rectifications/{upheldCase}/decision", new { uphold = true, note = "申诉成立，差评不计入考核。" });
        await market.PostAsJsonAsync($"/api/supervision/rectifications/{rejectedCase}/appeal", new { reason = "材料确有缺失。" });
        var rejected = await supervisor.PostAsJsonAsync($"/api/supervision/rectifications/{rejectedCase}/decision", new { uphold = false, note = "补正告知应一次性告知，申诉不成立。" });
        var secondAppeal = await market.PostAsJsonAsync($"/api/supervision/rectifications/{rejectedCase}/appeal", new { reason = "再申诉" });
        var rectified = await market.PostAsJsonAsync($"/api/supervision/rectifications/{rejectedCase}/rectify", new { note = "已培训窗口人员执行一次性告知。" });

        appealed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await appealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("Appealed");
        byApprover.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await upheld.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("AppealUpheld");
        (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("Open");
        secondAppeal.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        rectified.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_bad_second_rating_after_a_good_one_is_refused_and_opens_no_rectification()
    {
        var (caseNumber, idLast4) = await CompletedCaseAsync();
        using var citizen = await App.PublicClientAsync();

        await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4, level = "Satisfied" });
        var second = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4, level = "VeryDissatisfied", comment = "改成差评" });

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.CountAsync("SELECT count(*) FROM deadline.clocks WHERE owner_key = $1", $"rectification:{caseNumber}")).ShouldBe(0);
        (await App.CountAsync("SELECT count(*) FROM supervision.ledger_entries WHERE kind = 'BadRating' AND subject_id = $1", caseNumber)).ShouldBe(0);
    }
}
