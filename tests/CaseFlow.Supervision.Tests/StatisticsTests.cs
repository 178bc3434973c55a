using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseFlow.Approval.Contracts;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Supervision.Contracts;

namespace CaseFlow.Supervision.Tests;

/// <summary>
/// Rule 5/6 statistics: kept as events happen, they must equal a brute-force recount over the raw events the test
/// produced, for every dimension and for any period, with every event delivered twice.
/// </summary>
public sealed class StatisticsTests() : SupervisionFixture()
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly string[] Departments = ["market-regulation", "fire-rescue", "natural-resources"];
    private static readonly string?[] Windows = ["W01", "W02", "W03", null];
    private static readonly string[] Staff = ["staff-a", "staff-b", "staff-c", "staff-d", "staff-e"];

    private sealed record TestCase(string Number, string Center, string Department, string? Window, string Staff, DateTimeOffset AcceptedAt, int Committed)
    {
        public DateTimeOffset? CompletedAt { get; set; }

        public bool CommittedOverdue { get; set; }
    }

    private sealed record Alert(TestCase Case, AlertLevel Level, DateTimeOffset At);

    private sealed record ComplaintFact(string Center, string? Department, string? Window, string? Staff, DateOnly Day);

    private sealed record RatingFact(TestCase Case, RatingLevel Level, DateOnly Day);

    [Test]
    public async Task The_statistics_equal_a_brute_force_recount_of_a_realistic_mix_of_events_each_delivered_twice()
    {
        var random = new Random(2026);
        var cases = new List<TestCase>();
        var alerts = new List<Alert>();
        var complaints = new List<ComplaintFact>();
        var ratings = new List<RatingFact>();
        using var supervisor = await App.SignedInClientAsync("supervisor");
        var center = (await (await supervisor.GetAsync("/api/access/me")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("centerCode").GetString()!;
        string[] centers = [center, "county-branch"];

        // Synthetic acceptances across March 2026 (no holidays, no make-up days): two centers, three departments, four
        // windows (one case type has none), five staff members; a third of the completed ones on a real Deadline clock.
        for (var i = 0; i < 80; i++)
        {
            var accepted = new DateTimeOffset(2026, 3, 2 + random.Next(0, 9), 9 + random.Next(0, 7), 0, 0, Beijing);
            var c = new TestCase($"2026-9{i:00000}", centers[random.Next(0, 4) == 0 ? 1 : 0], Departments[random.Next(0, 3)], Windows[random.Next(0, 4)], Staff[random.Next(0, 5)], accepted, new[] { 1, 3, 5 }[random.Next(0, 3)]);
            cases.Add(c);
            var notification = new CaseAccepted(c.Number, SupervisionApp.FoodLicence, 1, CaseType.Promised, c.Department, [], c.Committed, 20, c.AcceptedAt, false, c.Center, c.Staff, c.Staff + "-name", c.Window);
            await App.DeliverAsync(notification);
            await App.DeliverAsync(notification);
            if (random.Next(0, 3) < 2)
            {
                c.CompletedAt = new DateTimeOffset(DateOnly.FromDateTime(accepted.DateTime).AddDays(random.Next(0, 12)).ToDateTime(new TimeOnly(10, 0)), Beijing);
                if (random.Next(0, 3) == 0)
                {
                    (await App.SendAsync(new StartClock($"case:{c.Number}:committed", c.Committed, c.AcceptedAt))).IsSuccess.ShouldBeTrue();
                }
            }
        }

        // Alerts: yellow on the day after acceptance, red on some committed and statutory limits; delivered twice.
        foreach (var c in cases.Where(_ => random.Next(0, 3) == 0))
        {
            var warned = new ClockWarned(Guid.NewGuid(), $"case:{c.Number}:committed", c.AcceptedAt.AddDays(1), c.AcceptedAt.AddDays(2));
            await App.DeliverAsync(warned);
            await App.DeliverAsync(warned);
            alerts.Add(new Alert(c, AlertLevel.Warning, warned.WarnAt));
            if (random.Next(0, 2) == 0)
            {
                var committed = random.Next(0, 2) == 0;
                var overdue = new ClockOverdue(Guid.NewGuid(), $"case:{c.Number}:{(committed ? "committed" : "statutory")}", c.AcceptedAt.AddDays(3));
                await App.DeliverAsync(overdue);
                await App.DeliverAsync(overdue);
                alerts.Add(new Alert(c, AlertLevel.Overdue, overdue.DueAt));
                c.CommittedOverdue |= committed;
            }
        }

        // Completions after the alerts for some, before for none: either order must give the same figures.
        foreach (var c in cases.Where(c => c.CompletedAt is not null))
        {
            var completed = new CaseCompleted(c.Number, ApprovalResult.Approved, null, null, c.CompletedAt!.Value);
            await App.DeliverAsync(completed);
            await App.DeliverAsync(completed);
        }

        // Complaints through the API, about cases and about departments; counted on the day they are received.
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().ToOffset(Beijing).DateTime);
        foreach (var c in cases.Take(12))
        {
            (await supervisor.PostAsJsonAsync("/api/supervision/complaints", new { channel = "Phone", severity = "Simple", complainantName = "群众", caseNumber = c.Number, content = "办理太慢。", reply = "已解释。" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            complaints.Add(new ComplaintFact(c.Center, c.Department, c.Window, c.Staff, today));
        }

        foreach (var department in Departments)
        {
            (await supervisor.PostAsJsonAsync("/api/supervision/complaints", new { channel = "OnSite", severity = "Complex", complainantName = "群众", departmentCode = department, content = "窗口无人。" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            complaints.Add(new ComplaintFact(center, department, null, null, today));
        }

        // Ratings need real cases (the applicant proves who they are through Intake): accepted at two windows, completed, rated.
        foreach (var (login, level) in new[] { ("clerk", RatingLevel.VerySatisfied), ("clerk", RatingLevel.Dissatisfied), ("clerk2", RatingLevel.Satisfied), ("clerk2", RatingLevel.BasicallySatisfied), ("clerk", RatingLevel.VeryDissatisfied) })
        {
            using var clerk = await App.SignedInClientAsync(login);
            var me = await (await clerk.GetAsync("/api/access/me")).Content.ReadFromJsonAsync<JsonElement>();
            var acceptedAt = App.Clock.GetUtcNow();
            var (caseNumber, idLast4) = await App.AcceptRealCaseAsync(clerk);
            await App.WaitUntilAsync("SELECT count(*) FROM supervision.case_facts WHERE case_number = $1", caseNumber);
            var c = new TestCase(caseNumber, me.GetProperty("centerCode").GetString()!, "market-regulation", me.GetProperty("windowCode").GetString(), me.GetProperty("id").GetString()!, acceptedAt, 5)
            {
                CompletedAt = acceptedAt.AddDays(1),
            };
            cases.Add(c);
            await App.DeliverAsync(new CaseCompleted(caseNumber, ApprovalResult.Approved, null, null, c.CompletedAt.Value));
            using var citizen = await App.PublicClientAsync();
            var rated = await citizen.PostAsJsonAsync("/api/supervision/public/ratings", new { caseNumber, idLast4, level = level.ToString(), comment = "评价内容" });
            await SupervisionApp.EnsureAsync(rated);
            ratings.Add(new RatingFact(c, level, today));
        }

        var periods = new[] { (new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)), (new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 8)), (new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2)) };
        var compared = 0;
        foreach (var (from, to) in periods)
        {
            foreach (var by in Enum.GetValues<StatisticsDimension>())
            {
                foreach (var centerCode in centers)
                {
                    var report = await (await supervisor.GetAsync($"/api/supervision/statistics?center={centerCode}&by={by}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}"))
                        .Content.ReadFromJsonAsync<StatisticsReport>(Json);
                    var expected = Recount(cases, alerts, complaints, ratings, centerCode, by, from, to);

                    report.ShouldNotBeNull();
                    report.Rows.Select(r => r.Code).ShouldBe(expected.Select(r => r.Code), $"{centerCode} by {by} {from}..{to}");
                    foreach (var (actual, wanted) in report.Rows.Zip(expected))
                    {
                        actual.ShouldBeEquivalentTo(wanted);
                        compared++;
                    }
                }
            }
        }

        compared.ShouldBeGreaterThan(50);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Beijing).DateTime);

    private static string? Code(StatisticsDimension by, string center, string? department, string? window, string? staff) => by switch
    {
        StatisticsDimension.Center => center,
        StatisticsDimension.Department => department,
        StatisticsDimension.Window => window,
        _ => staff,
    };

    private static int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            count += d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 1;
        }

        return count;
    }

    private static DateTimeOffset DueAt(TestCase c)
    {
        var day = Day(c.AcceptedAt);
        for (var counted = 0; counted < c.Committed;)
        {
            day = day.AddDays(1);
            counted += day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 1;
        }

        return new DateTimeOffset(day.ToDateTime(new TimeOnly(17, 30)), Beijing);
    }

    private static List<StatisticsRow> Recount(
        List<TestCase> cases, List<Alert> alerts, List<ComplaintFact> complaints, List<RatingFact> ratings, string center, StatisticsDimension by, DateOnly from, DateOnly to)
    {
        bool In(DateOnly day) => day >= from && day <= to;
        string? Of(TestCase c) => c.Center == center ? Code(by, c.Center, c.Department, c.Window, c.Staff) : null;
        var codes = cases.Where(c => In(Day(c.AcceptedAt)) || (c.CompletedAt is { } done && In(Day(done))) || (c.CommittedOverdue && c.CompletedAt is null)).Select(Of)
            .Concat(alerts.Where(a => In(Day(a.At))).Select(a => Of(a.Case)))
            .Concat(complaints.Where(c => c.Center == center && In(c.Day)).Select(c => Code(by, c.Center, c.Department, c.Window, c.Staff)))
            .Concat(ratings.Where(r => In(r.Day)).Select(r => Of(r.Case)))
            .OfType<string>()
            .Distinct()
            .Order(StringComparer.Ordinal);
        var rows = new List<StatisticsRow>();
        foreach (var code in codes)
        {
            var mine = cases.Where(c => Of(c) == code).ToList();
            var accepted = mine.Count(c => In(Day(c.AcceptedAt)));
            var completed = mine.Where(c => c.CompletedAt is { } done && In(Day(done))).ToList();
            var used = completed.Select(c => WorkingDaysBetween(Day(c.AcceptedAt), Day(c.CompletedAt!.Value))).ToList();
            var onTime = completed.Count(c => c.CompletedAt!.Value <= DueAt(c));
            var ratingCounts = Enum.GetValues<RatingLevel>().ToDictionary(l => l, l => ratings.Count(r => r.Level == l && In(r.Day) && Of(r.Case) == code));
            rows.Add(new StatisticsRow(
                code,
                accepted,
                completed.Count,
                onTime,
                accepted == 0 ? null : Math.Round((decimal)completed.Count / accepted, 4),
                completed.Count == 0 ? null : Math.Round((decimal)onTime / completed.Count, 4),
                completed.Count == 0 ? null : Math.Round((decimal)used.Sum() / completed.Count, 4),
                completed.Count == 0 ? null : Math.Round((decimal)completed.Sum(c => c.Committed) / completed.Count, 4),
                mine.Count(c => c.CommittedOverdue && c.CompletedAt is null),
                alerts.Count(a => a.Level == AlertLevel.Warning && In(Day(a.At)) && Of(a.Case) == code),
                alerts.Count(a => a.Level == AlertLevel.Overdue && In(Day(a.At)) && Of(a.Case) == code),
                complaints.Count(c => c.Center == center && In(c.Day) && Code(by, c.Center, c.Department, c.Window, c.Staff) == code),
                ratingCounts));
        }

        return rows;
    }
}

/// <summary>The exports: CSV for Excel, and the public subset (政务公开).</summary>
public sealed class StatisticsExportTests() : SupervisionFixture()
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task The_CSV_export_is_UTF8_with_a_byte_order_mark_and_the_public_figures_need_no_sign_in()
    {
        await App.DeliverAsync(new CaseAccepted("2026-800001", SupervisionApp.FoodLicence, 1, CaseType.Promised, "fire-rescue", [], 5, 20, new DateTimeOffset(2026, 3, 3, 10, 0, 0, Beijing), false, "demo-center", "s1", "消防 王", "W03"));
        await App.DeliverAsync(new CaseCompleted("2026-800001", ApprovalResult.Approved, null, null, new DateTimeOffset(2026, 3, 5, 10, 0, 0, Beijing)));
        using var supervisor = await App.SignedInClientAsync("supervisor");
        using var anonymous = await App.PublicClientAsync();

        var csv = await supervisor.GetAsync("/api/supervision/statistics.csv?by=Department&from=2026-03-03&to=2026-03-05");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        var published = await anonymous.GetAsync("/api/supervision/public/statistics?from=2026-03-03&to=2026-03-05");
        var forbidden = await anonymous.GetAsync("/api/supervision/statistics?from=2026-03-03&to=2026-03-05");
        var backwards = await supervisor.GetAsync("/api/supervision/statistics?from=2026-03-05&to=2026-03-03");

        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        text.ShouldStartWith("维度 Dimension,编码 Code,受理 Accepted");
        text.ShouldContain("Department,fire-rescue,");
        published.StatusCode.ShouldBe(HttpStatusCode.OK);
        var figures = await published.Content.ReadFromJsonAsync<JsonElement>();
        figures.GetProperty("completed").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        figures.TryGetProperty("rows", out _).ShouldBeFalse();
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        backwards.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
