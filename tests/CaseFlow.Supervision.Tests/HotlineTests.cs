using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Workflow.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Supervision.Tests;

/// <summary>Rule 5 (热线): phone transfers answered within 3 working days, written transfers within 7. The clock stays at Monday 2 March 2026, 09:00.</summary>
public sealed class HotlineTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private SupervisionApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await SupervisionApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task A_phone_ticket_is_due_at_the_end_of_the_third_working_day_and_reaches_the_handling_departments_inbox()
    {
        using var operatorClient = await _app.SignedInClientAsync("hotline");
        using var approver = await _app.SignedInClientAsync("approver-housing");

        var ticket = await Hotline.RegisterAsync(operatorClient, "Phone", "housing-construction");
        var inbox = await approver.GetFromJsonAsync<JsonElement>("/api/supervision/hotline/departments/housing-construction/tickets");

        ticket.GetProperty("number").GetString().ShouldStartWith("RX2026-");
        ticket.GetProperty("state").GetString().ShouldBe("Transferred");
        ticket.GetProperty("limitWorkingDays").GetInt32().ShouldBe(3);
        // Registered Monday 2 March: Tuesday, Wednesday, Thursday; due Thursday 5 March at 17:30 in Beijing.
        ticket.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 5, 17, 30, 0, Beijing));
        ticket.GetProperty("overdue").GetBoolean().ShouldBeFalse();
        ticket.GetProperty("callerPhone").GetString().ShouldBe("139****2468");
        ticket.GetProperty("registeredBy").GetString().ShouldBe("热线 接线员 杨帆");
        inbox.EnumerateArray().Select(t => t.GetProperty("number").GetString()).ShouldContain(ticket.GetProperty("number").GetString());
    }

    [Test]
    public async Task A_written_ticket_gets_7_working_days()
    {
        using var operatorClient = await _app.SignedInClientAsync("hotline");

        var ticket = await Hotline.RegisterAsync(operatorClient, "Written", "housing-construction");

        ticket.GetProperty("limitWorkingDays").GetInt32().ShouldBe(7);
        // Monday 2 March + 7 working days: Tuesday 3 … Wednesday 11 March, 17:30.
        ticket.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 11, 17, 30, 0, Beijing));
    }

    [Test]
    public async Task An_approver_of_another_department_cannot_reply_nor_read_the_ticket()
    {
        using var operatorClient = await _app.SignedInClientAsync("hotline");
        using var otherDepartment = await _app.SignedInClientAsync("approver-fire");
        var number = (await Hotline.RegisterAsync(operatorClient, "Phone", "housing-construction")).GetProperty("number").GetString();

        var reply = await otherDepartment.PostAsJsonAsync($"/api/supervision/hotline/tickets/{number}/reply", new { reply = "不是我们的事。" });
        var read = await otherDepartment.GetAsync($"/api/supervision/hotline/tickets/{number}");
        var inbox = await otherDepartment.GetAsync("/api/supervision/hotline/departments/housing-construction/tickets");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var still = await supervisor.GetFromJsonAsync<JsonElement>($"/api/supervision/hotline/tickets/{number}");

        reply.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        read.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        inbox.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        still.GetProperty("state").GetString().ShouldBe("Transferred");
        still.GetProperty("reply").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Test]
    public async Task A_second_reply_is_a_conflict_and_the_first_one_stands()
    {
        using var operatorClient = await _app.SignedInClientAsync("hotline");
        using var approver = await _app.SignedInClientAsync("approver-housing");
        var number = (await Hotline.RegisterAsync(operatorClient, "Phone", "housing-construction")).GetProperty("number").GetString();

        var first = await approver.PostAsJsonAsync($"/api/supervision/hotline/tickets/{number}/reply", new { reply = "已安排物业于周三前维修。" });
        var second = await approver.PostAsJsonAsync($"/api/supervision/hotline/tickets/{number}/reply", new { reply = "第二次答复" });
        var ticket = await approver.GetFromJsonAsync<JsonElement>($"/api/supervision/hotline/tickets/{number}");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        ticket.GetProperty("state").GetString().ShouldBe("Closed");
        ticket.GetProperty("reply").GetString().ShouldBe("已安排物业于周三前维修。");
        ticket.GetProperty("repliedOnTime").GetBoolean().ShouldBeTrue();
    }

    [Test]
    public async Task Registering_again_with_the_same_request_id_answers_the_first_ticket()
    {
        using var operatorClient = await _app.SignedInClientAsync("hotline");
        var requestId = Guid.NewGuid().ToString();

        var first = await Hotline.RegisterAsync(operatorClient, "Phone", "housing-construction", requestId);
        var again = await Hotline.RegisterAsync(operatorClient, "Phone", "housing-construction", requestId);

        again.GetProperty("number").GetString().ShouldBe(first.GetProperty("number").GetString());
        (await _app.CountAsync("SELECT count(*) FROM supervision.hotline_tickets WHERE request_id = $1", requestId)).ShouldBe(1);
        (await _app.CountAsync("SELECT count(*) FROM workflow.instances WHERE business_key = $1", first.GetProperty("number").GetString()!)).ShouldBe(1);
    }

    [TestCase("""{"callerName":"张三","subject":"路灯","content":"路灯不亮","handlingDepartment":"housing-construction"}""", "channel")]
    [TestCase("""{"channel":"Email","callerName":"张三","subject":"路灯","content":"路灯不亮","handlingDepartment":"housing-construction"}""", "channel")]
    [TestCase("""{"channel":"Phone","callerName":"","subject":"路灯","content":"路灯不亮","handlingDepartment":"housing-construction"}""", "callerName")]
    [TestCase("""{"channel":"Phone","callerName":"张三","callerPhone":"abc","subject":"路灯","content":"路灯不亮","handlingDepartment":"housing-construction"}""", "callerPhone")]
    [TestCase("""{"channel":"Phone","callerName":"张三","content":"路灯不亮","handlingDepartment":"housing-construction"}""", "subject")]
    [TestCase("""{"channel":"Phone","callerName":"张三","subject":"路灯","handlingDepartment":"housing-construction"}""", "content")]
    [TestCase("""{"channel":"Phone","callerName":"张三","subject":"路灯","content":"路灯不亮","handlingDepartment":"no-such-department"}""", "handlingDepartment")]
    [TestCase("""{"channel":"Phone","callerName":"张三","subject":"路灯","content":"路灯不亮"}""", "handlingDepartment")]
    [TestCase("""{"channel":"Phone","callerName":["张三"],"subject":"路灯","content":"路灯不亮","handlingDepartment":"housing-construction"}""", "callerName")]
    public async Task A_malformed_registration_is_refused_naming_the_field(string body, string field)
    {
        using var operatorClient = await _app.SignedInClientAsync("hotline");

        var response = await operatorClient.PostAsync("/api/supervision/hotline/tickets", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(n => string.Equals(n, field, StringComparison.OrdinalIgnoreCase), problem.ToString());
    }

    [Test]
    public async Task An_empty_reply_is_refused_naming_the_reply_field()
    {
        using var operatorClient = await _app.SignedInClientAsync("hotline");
        using var approver = await _app.SignedInClientAsync("approver-housing");
        var number = (await Hotline.RegisterAsync(operatorClient, "Phone", "housing-construction")).GetProperty("number").GetString();

        var response = await approver.PostAsJsonAsync($"/api/supervision/hotline/tickets/{number}/reply", new { reply = " " });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("reply", out _).ShouldBeTrue(problem.ToString());
    }

    [Test]
    public async Task Only_hotline_operators_register_tickets_and_only_the_hotline_desk_and_supervisors_list_them_all()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var approver = await _app.SignedInClientAsync("approver-housing");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        using var operatorClient = await _app.SignedInClientAsync("hotline");
        var number = (await Hotline.RegisterAsync(operatorClient, "Written", "housing-construction")).GetProperty("number").GetString();

        var byClerk = await clerk.PostAsJsonAsync("/api/supervision/hotline/tickets", Hotline.Body("Phone", "housing-construction"));
        var listByApprover = await approver.GetAsync("/api/supervision/hotline/tickets");
        var listBySupervisor = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/hotline/tickets?limit=500");
        var listByOperator = await operatorClient.GetAsync("/api/supervision/hotline/tickets");

        byClerk.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        listByApprover.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        listByOperator.StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = listBySupervisor.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("number").GetString() == number);
        listed.GetProperty("state").GetString().ShouldBe("Transferred");
        listed.GetProperty("dueAt").ValueKind.ShouldBe(JsonValueKind.String);
        listed.GetProperty("overdue").GetBoolean().ShouldBeFalse();
    }
}

/// <summary>A phone ticket answered in time: moves its app's clock, so it has an app of its own.</summary>
public sealed class HotlineOnTimeTests
{
    private SupervisionApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await SupervisionApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task A_phone_ticket_answered_within_3_working_days_closes_on_time_and_never_raises_an_alert()
    {
        var runtime = _app.Services.GetRequiredService<WorkflowRuntime>();
        using var operatorClient = await _app.SignedInClientAsync("hotline");
        var number = (await Hotline.RegisterAsync(operatorClient, "Phone", "housing-construction")).GetProperty("number").GetString();

        // Thursday 5 March, 15:00 in Beijing: the third working day, before 17:30.
        _app.Clock.Advance(new TimeSpan(3, 6, 0, 0));
        using var approver = await _app.SignedInClientAsync("approver-housing");
        var replied = await approver.PostAsJsonAsync($"/api/supervision/hotline/tickets/{number}/reply", new { reply = "已联系小区物业，明日上午更换路灯。" });
        var ticket = await replied.Content.ReadFromJsonAsync<JsonElement>();
        _app.Clock.Advance(TimeSpan.FromDays(10));
        await runtime.FireDueTimersAsync();
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var statistics = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/hotline/statistics?from=2026-03-01&to=2026-03-31");

        replied.StatusCode.ShouldBe(HttpStatusCode.OK);
        ticket.GetProperty("state").GetString().ShouldBe("Closed");
        ticket.GetProperty("repliedOnTime").GetBoolean().ShouldBeTrue();
        ticket.GetProperty("overdue").GetBoolean().ShouldBeFalse();
        ticket.GetProperty("repliedBy").GetString().ShouldBe("住建 黄磊");
        (await _app.CountAsync("SELECT count(*) FROM supervision.ledger_entries WHERE subject_type = 'hotline-ticket' AND subject_id = $1", number!)).ShouldBe(0);
        (await _app.CountAsync("SELECT count(*) FROM workflow.instances WHERE business_key = $1 AND status = 'Completed'", number!)).ShouldBe(1);
        var center = statistics.GetProperty("center");
        center.GetProperty("accepted").GetInt32().ShouldBe(1);
        center.GetProperty("completed").GetInt32().ShouldBe(1);
        center.GetProperty("completedOnTime").GetInt32().ShouldBe(1);
        center.GetProperty("onTimeRate").GetDecimal().ShouldBe(1m);
    }
}

/// <summary>Tickets left unanswered: moves its app's clock, so it has an app of its own.</summary>
public sealed class HotlineOverdueTests
{
    private SupervisionApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await SupervisionApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task A_phone_ticket_unanswered_after_3_working_days_raises_an_overdue_alert_in_the_ledger_while_a_written_one_is_still_within_its_7()
    {
        var runtime = _app.Services.GetRequiredService<WorkflowRuntime>();
        using var operatorClient = await _app.SignedInClientAsync("hotline");
        var phone = (await Hotline.RegisterAsync(operatorClient, "Phone", "housing-construction")).GetProperty("number").GetString()!;
        var written = (await Hotline.RegisterAsync(operatorClient, "Written", "housing-construction")).GetProperty("number").GetString()!;

        // Thursday 5 March, 17:29 in Beijing: a minute before the phone ticket's limit.
        _app.Clock.Advance(new TimeSpan(3, 8, 29, 0));
        await runtime.FireDueTimersAsync();
        var before = await _app.CountAsync("SELECT count(*) FROM supervision.ledger_entries WHERE subject_type = 'hotline-ticket'");
        // Friday 6 March, 09:00: the third working day has ended.
        _app.Clock.Advance(new TimeSpan(0, 15, 31, 0));
        await runtime.FireDueTimersAsync();
        await _app.WaitUntilAsync("SELECT count(*) FROM supervision.ledger_entries WHERE kind = 'Overdue' AND subject_type = 'hotline-ticket' AND subject_id = $1", phone);
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var phoneTicket = await supervisor.GetFromJsonAsync<JsonElement>($"/api/supervision/hotline/tickets/{phone}");
        var writtenTicket = await supervisor.GetFromJsonAsync<JsonElement>($"/api/supervision/hotline/tickets/{written}");
        var ledger = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/ledger?state=Open");
        var overdueList = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/hotline/tickets?overdue=true");

        before.ShouldBe(0);
        phoneTicket.GetProperty("overdue").GetBoolean().ShouldBeTrue();
        phoneTicket.GetProperty("overdueAt").ValueKind.ShouldBe(JsonValueKind.String);
        phoneTicket.GetProperty("state").GetString().ShouldBe("Transferred");
        writtenTicket.GetProperty("overdue").GetBoolean().ShouldBeFalse();
        var entry = ledger.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("subjectId").GetString() == phone);
        entry.GetProperty("kind").GetString().ShouldBe("Overdue");
        entry.GetProperty("subjectType").GetString().ShouldBe("hotline-ticket");
        entry.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 5, 17, 30, 0, TimeSpan.FromHours(8)));
        overdueList.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("number").GetString()).ShouldBe([phone]);
        (await _app.CountAsync("SELECT count(*) FROM supervision.ledger_entries WHERE subject_id = $1", written)).ShouldBe(0);

        // The department still has to reply: the late reply closes the ticket, counted as not on time, with no second alert.
        using var approver = await _app.SignedInClientAsync("approver-housing");
        var replied = await approver.PostAsJsonAsync($"/api/supervision/hotline/tickets/{phone}/reply", new { reply = "已处理，答复延迟致歉。" });
        var closed = await replied.Content.ReadFromJsonAsync<JsonElement>();
        var statistics = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/hotline/statistics?from=2026-03-01&to=2026-03-31");

        replied.StatusCode.ShouldBe(HttpStatusCode.OK);
        closed.GetProperty("state").GetString().ShouldBe("Closed");
        closed.GetProperty("repliedOnTime").GetBoolean().ShouldBeFalse();
        closed.GetProperty("overdue").GetBoolean().ShouldBeTrue();
        (await _app.CountAsync("SELECT count(*) FROM supervision.ledger_entries WHERE subject_type = 'hotline-ticket' AND subject_id = $1", phone)).ShouldBe(1);
        var center = statistics.GetProperty("center");
        center.GetProperty("accepted").GetInt32().ShouldBe(2);
        center.GetProperty("completed").GetInt32().ShouldBe(1);
        center.GetProperty("completedOnTime").GetInt32().ShouldBe(0);
        center.GetProperty("overdues").GetInt32().ShouldBe(1);
    }
}

internal static class Hotline
{
    public static object Body(string channel, string department, string? requestId = null) => new
    {
        channel,
        callerName = "李女士",
        callerPhone = "13912342468",
        subject = "小区路灯损坏",
        content = "幸福小区3号楼前路灯已坏两周，夜间出行不便，请尽快维修。",
        handlingDepartment = department,
        requestId,
    };

    public static async Task<JsonElement> RegisterAsync(HttpClient operatorClient, string channel, string department, string? requestId = null)
    {
        var response = await operatorClient.PostAsJsonAsync("/api/supervision/hotline/tickets", Body(channel, department, requestId));
        await SupervisionApp.EnsureAsync(response);
        var ticket = await response.Content.ReadFromJsonAsync<JsonElement>();
        // A new ticket and a repeated requestId both answer 201 with where the ticket lives.
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/supervision/hotline/tickets/{ticket.GetProperty("number").GetString()}");
        return ticket;
    }
}
