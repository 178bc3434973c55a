using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Supervision.Tests;

/// <summary>Rule 5: complaints on site, by phone and online; simple ones settled at once, complex ones on a clock, serious ones escalated.</summary>
public sealed class ComplaintTests() : SupervisionFixture()
{
    [Test]
    public async Task A_simple_complaint_taken_on_site_is_closed_at_once_with_its_reply_recorded_with_who_and_when()
    {
        using var clerk = await App.SignedInClientAsync("clerk");

        var response = await clerk.PostAsJsonAsync("/api/supervision/complaints", new
        {
            channel = "OnSite",
            severity = "Simple",
            complainantName = "王芳",
            complainantPhone = "13900001111",
            windowCode = "W02",
            content = "等候时间过长，叫号屏不显示。",
            reply = "已当场重启叫号屏并致歉。",
        });
        var complaint = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        complaint.GetProperty("state").GetString().ShouldBe("Closed");
        complaint.GetProperty("number").GetString().ShouldStartWith("TS2026-");
        complaint.GetProperty("reply").GetString().ShouldBe("已当场重启叫号屏并致歉。");
        complaint.GetProperty("repliedBy").GetString().ShouldBe("窗口 张敏");
        complaint.GetProperty("repliedAt").GetDateTimeOffset().ShouldBe(App.Clock.GetUtcNow());
        complaint.GetProperty("dueAt").ValueKind.ShouldBe(JsonValueKind.Null);
        complaint.GetProperty("complainantPhone").GetString().ShouldBe("139****1111");
    }

    [Test]
    public async Task A_simple_complaint_without_its_reply_is_refused_naming_the_reply_field()
    {
        using var clerk = await App.SignedInClientAsync("clerk");

        var response = await clerk.PostAsJsonAsync("/api/supervision/complaints", new { channel = "Phone", severity = "Simple", complainantName = "王芳", content = "态度不好。" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("reply", out _).ShouldBeTrue(problem.ToString());
    }

    [Test]
    public async Task A_complex_complaint_is_due_in_the_configured_working_days_and_its_reply_stops_the_clock()
    {
        using var supervisor = await App.SignedInClientAsync("supervisor");

        var registered = await supervisor.PostAsJsonAsync("/api/supervision/complaints", new
        {
            channel = "Phone",
            severity = "Complex",
            complainantName = "赵磊",
            complainantPhone = "13700002222",
            departmentCode = "fire-rescue",
            content = "消防验收迟迟没有结果，多次电话无人回应。",
        });
        var complaint = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var number = complaint.GetProperty("number").GetString();
        var replied = await supervisor.PostAsJsonAsync($"/api/supervision/complaints/{number}/reply", new { reply = "已督促消防部门于本周内出具验收意见。" });
        var answer = await replied.Content.ReadFromJsonAsync<JsonElement>();
        var again = await supervisor.PostAsJsonAsync($"/api/supervision/complaints/{number}/reply", new { reply = "第二次答复" });
        var closed = await supervisor.PostAsJsonAsync($"/api/supervision/complaints/{number}/close", new { note = "投诉人表示满意。" });

        registered.StatusCode.ShouldBe(HttpStatusCode.OK);
        complaint.GetProperty("state").GetString().ShouldBe("Open");
        // Received Monday 2 March 2026; 3 working days: due Thursday 5 March, 17:30 in Beijing.
        complaint.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 5, 17, 30, 0, TimeSpan.FromHours(8)));
        answer.GetProperty("state").GetString().ShouldBe("Replied");
        answer.GetProperty("repliedBy").GetString().ShouldNotBeNullOrEmpty();
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        closed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.CountAsync($"SELECT count(*) FROM deadline.clocks WHERE owner_key = 'complaint:{number}' AND state = 'Stopped'")).ShouldBe(1);
    }

    [Test]
    public async Task A_serious_complaint_is_escalated_at_once_with_a_ledger_entry_naming_where_it_went()
    {
        using var supervisor = await App.SignedInClientAsync("supervisor");

        var response = await supervisor.PostAsJsonAsync("/api/supervision/complaints", new
        {
            channel = "Phone",
            severity = "Serious",
            complainantName = "孙强",
            content = "窗口人员索要好处费。",
            escalateTo = "县纪委监委派驻纪检组",
        });
        var complaint = await response.Content.ReadFromJsonAsync<JsonElement>();
        var number = complaint.GetProperty("number").GetString();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        complaint.GetProperty("state").GetString().ShouldBe("Escalated");
        complaint.GetProperty("escalatedTo").GetString().ShouldBe("县纪委监委派驻纪检组");
        complaint.GetProperty("dueAt").ValueKind.ShouldBe(JsonValueKind.String);
        (await App.CountAsync($"SELECT count(*) FROM supervision.ledger_entries WHERE kind = 'ComplaintEscalated' AND subject_id = '{number}' AND summary LIKE '%县纪委监委派驻纪检组%'")).ShouldBe(1);
    }

    [Test]
    public async Task An_open_complaint_found_serious_is_escalated_once_to_the_configured_target()
    {
        using var supervisor = await App.SignedInClientAsync("supervisor");
        var registered = await supervisor.PostAsJsonAsync("/api/supervision/complaints", new { channel = "Phone", severity = "Complex", complainantName = "周敏", content = "多次被要求提供无关证明。" });
        var number = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();

        var escalated = await supervisor.PostAsJsonAsync($"/api/supervision/complaints/{number}/escalate", new { reason = "涉及多个部门，性质严重。" });
        var twice = await supervisor.PostAsJsonAsync($"/api/supervision/complaints/{number}/escalate", new { reason = "再次升级" });
        var withoutReason = await supervisor.PostAsJsonAsync($"/api/supervision/complaints/{number}/escalate", new { reason = "" });

        escalated.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await escalated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("escalatedTo").GetString().ShouldBe("中心主任 (center director)");
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        withoutReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_complaint_about_a_case_is_counted_for_the_cases_department_window_and_first_contact()
    {
        using var clerk = await App.SignedInClientAsync("clerk");
        using var supervisor = await App.SignedInClientAsync("supervisor");
        var (caseNumber, _) = await App.AcceptRealCaseAsync(clerk);
        await App.WaitUntilAsync("SELECT count(*) FROM supervision.case_facts WHERE case_number = $1", caseNumber);

        var response = await supervisor.PostAsJsonAsync("/api/supervision/complaints", new { channel = "Phone", severity = "Simple", complainantName = "陈晓明", caseNumber, content = "受理通知书有错别字。", reply = "已更正并重新打印。" });
        var complaint = await response.Content.ReadFromJsonAsync<JsonElement>();

        complaint.GetProperty("departmentCode").GetString().ShouldBe("market-regulation");
        complaint.GetProperty("windowCode").GetString().ShouldBe("W01");
        complaint.GetProperty("staffId").GetString().ShouldNotBeNullOrEmpty();
    }

    [Test]
    public async Task Only_supervisors_list_reply_to_and_close_complaints()
    {
        using var clerk = await App.SignedInClientAsync("clerk");
        using var anonymous = await App.PublicClientAsync();

        var list = await clerk.GetAsync("/api/supervision/complaints");
        var reply = await clerk.PostAsJsonAsync("/api/supervision/complaints/TS2026-000001/reply", new { reply = "x" });
        var register = await anonymous.PostAsJsonAsync("/api/supervision/complaints", new { channel = "Phone", severity = "Simple", complainantName = "x", content = "x", reply = "x" });

        list.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        reply.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        register.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task An_online_complaint_needs_no_sign_in_and_gets_the_complex_reply_limit_but_bad_input_is_a_400_naming_the_field()
    {
        using var anonymous = await App.PublicClientAsync();

        var response = await anonymous.PostAsJsonAsync("/api/supervision/public/complaints", new { complainantName = "匿名群众", complainantPhone = "13600003333", content = "网上申报系统经常卡顿无法提交。" });
        var complaint = await response.Content.ReadFromJsonAsync<JsonElement>();
        var badPhone = await anonymous.PostAsJsonAsync("/api/supervision/public/complaints", new { complainantName = "匿名", complainantPhone = "12345", content = "网上申报系统经常卡顿。" });
        var empty = await anonymous.PostAsJsonAsync("/api/supervision/public/complaints", new { complainantName = "匿名" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        complaint.GetProperty("channel").GetString().ShouldBe("Online");
        complaint.GetProperty("severity").GetString().ShouldBe("Complex");
        complaint.GetProperty("dueAt").ValueKind.ShouldBe(JsonValueKind.String);
        badPhone.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badPhone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("complainantPhone", out _).ShouldBeTrue();
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("content", out _).ShouldBeTrue();
    }

    [Test]
    public async Task A_complaint_number_that_does_not_exist_is_a_404()
    {
        using var supervisor = await App.SignedInClientAsync("supervisor");

        var response = await supervisor.PostAsJsonAsync("/api/supervision/complaints/TS1999-999999/reply", new { reply = "答复" });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

/// <summary>The public forms take a few requests a minute per address, so they cannot be flooded.</summary>
public sealed class PublicFormRateLimitTests() : SupervisionFixture(3)
{
    [Test]
    public async Task The_fourth_public_form_request_in_a_minute_from_one_address_is_a_429()
    {
        using var anonymous = await App.PublicClientAsync();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await anonymous.PostAsJsonAsync("/api/supervision/public/complaints", new { complainantName = "群众", content = $"第{i}次投诉内容。" })).StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
    }
}

/// <summary>A complaint's clock is a Deadline clock: the alert scheduler raises its yellow and red alerts into the ledger.</summary>
public sealed class ComplaintAlertTests() : SupervisionFixture()
{
    [Test]
    public async Task A_complex_complaint_left_unanswered_gets_a_yellow_and_a_red_alert_in_the_ledger()
    {
        using var supervisor = await App.SignedInClientAsync("supervisor");
        var registered = await supervisor.PostAsJsonAsync("/api/supervision/complaints", new
        {
            channel = "OnSite",
            severity = "Complex",
            complainantName = "刘洋",
            windowCode = "W01",
            content = "材料被退回三次，每次说法不同。",
        });
        var number = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();

        App.Clock.Advance(TimeSpan.FromDays(7));
        await App.WaitUntilAsync($"SELECT count(*) FROM supervision.ledger_entries WHERE subject_type = 'complaint' AND subject_id = '{number}' AND kind = 'Overdue'");
        using var later = await App.SignedInClientAsync("supervisor");
        var complaint = await (await later.GetAsync($"/api/supervision/complaints/{number}")).Content.ReadFromJsonAsync<JsonElement>();
        await App.WaitUntilAsync($"SELECT count(*) FROM supervision.complaints WHERE number = '{number}' AND overdue_at IS NOT NULL");

        (await App.CountAsync($"SELECT count(*) FROM supervision.ledger_entries WHERE subject_type = 'complaint' AND subject_id = '{number}' AND kind = 'Warning'")).ShouldBe(1);
        complaint.GetProperty("state").GetString().ShouldBe("Open");
    }
}

/// <summary>The form pages share the forms' rate limit: the API's limit would mean nothing if the page were open.</summary>
public sealed class PublicPageRateLimitTests() : SupervisionFixture(3)
{
    [Test]
    public async Task The_rating_page_is_rate_limited_too_so_ID_endings_cannot_be_tried_in_bulk_through_it()
    {
        using var anonymous = await App.PublicClientAsync();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await anonymous.GetAsync("/rating")).StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
    }
}
