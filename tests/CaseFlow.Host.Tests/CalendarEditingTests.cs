using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Host.Tests;

public sealed class CalendarEditingTests
{
    private CaseFlowApp _app = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = await CaseFlowApp.StartAsync();
        _admin = await _app.SignedInClientAsync("admin");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task A_local_holiday_on_a_regional_calendar_moves_the_due_date_of_its_open_clocks()
    {
        (await _admin.PostAsJsonAsync("/api/deadline/calendars", new { code = "330100", parentCode = "CN", name = "杭州市" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var started = await (await _admin.PostAsJsonAsync("/api/deadline/clocks", new { ownerKey = "case:2026-LOCAL-1:committed", limitDays = 5, startedAt = "2026-03-02T10:00:00+08:00", calendar = "330100" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetGuid();

        var changed = await _admin.PutAsJsonAsync("/api/deadline/calendars/330100/days/2026-03-04", new { kind = "Holiday", name = "地方假日" });
        var clock = await _admin.GetFromJsonAsync<JsonElement>($"/api/deadline/clocks/{id}");

        started.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 9, 17, 30, 0, TimeSpan.FromHours(8)));
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clocksRecomputed").GetInt32().ShouldBe(1);
        clock.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 10, 17, 30, 0, TimeSpan.FromHours(8)));
    }

    [Test]
    public async Task Entering_a_years_arrangement_on_the_national_calendar_reaches_the_regions_that_inherit_it()
    {
        (await _admin.PostAsJsonAsync("/api/deadline/calendars", new { code = "440300", parentCode = "CN", name = "深圳市" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = await _admin.GetFromJsonAsync<JsonElement>("/api/deadline/calendar-warnings");

        var entered = await _admin.PutAsJsonAsync("/api/deadline/calendars/CN/years/2027", new
        {
            source = "测试通知",
            holidays = new[] { new { date = "2027-01-01", name = "元旦" } },
            workdays = new[] { new { date = "2027-01-02", name = "元旦" } },
        });
        var after = await _admin.GetFromJsonAsync<JsonElement>("/api/deadline/calendar-warnings");
        var due = await _admin.GetFromJsonAsync<JsonElement>("/api/deadline/calendars/440300/add-working-days?from=2026-12-31&days=1");

        before.EnumerateArray().ShouldContain(w => w.GetProperty("calendar").GetString() == "440300" && w.GetProperty("year").GetInt32() == 2027);
        entered.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.EnumerateArray().ShouldNotContain(w => w.GetProperty("year").GetInt32() == 2027);
        due.GetProperty("due").GetString().ShouldBe("2027-01-02");
    }

    [Test]
    public async Task Bad_calendar_edits_are_400s_naming_the_field_and_unknown_calendars_404s()
    {
        var orphan = await _admin.PostAsJsonAsync("/api/deadline/calendars", new { code = "999999", parentCode = "NOPE", name = "x" });
        var badKind = await _admin.PutAsJsonAsync("/api/deadline/calendars/CN/days/2026-05-06", new { kind = "Fiesta" });
        var badDate = await _admin.PutAsJsonAsync("/api/deadline/calendars/CN/days/06-05-2026", new { kind = "Holiday" });
        var both = await _admin.PutAsJsonAsync("/api/deadline/calendars/CN/years/2028", new { source = "x", holidays = new[] { new { date = "2028-01-01" } }, workdays = new[] { new { date = "2028-01-01" } } });
        var unknown = await _admin.PutAsJsonAsync("/api/deadline/calendars/NOPE/days/2026-05-06", new { kind = "Holiday" });
        using var clerk = await _app.SignedInClientAsync("clerk");
        var forbidden = await clerk.PutAsJsonAsync("/api/deadline/calendars/CN/days/2026-05-06", new { kind = "Holiday" });

        (await Field(orphan)).ShouldBe("parentCode");
        (await Field(badKind)).ShouldBe("kind");
        (await Field(badDate)).ShouldBe("date");
        (await Field(both)).ShouldBe("workdays");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<string> Field(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().First().Name;
    }
}
