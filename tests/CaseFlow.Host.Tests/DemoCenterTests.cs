using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Testing;
using Npgsql;

namespace CaseFlow.Host.Tests;

/// <summary>
/// `caseflow seed` on its own (a child process, no background worker running) leaves the demo center with cases in every
/// state, the past ones replayed under the seed clock through the real commands, timers, alert sweeps and outbox.
/// </summary>
[NonParallelizable]
public sealed class DemoCenterTests
{
    private static readonly TimeSpan SeedLimit = TimeSpan.FromMinutes(3);

    private string _connectionString = null!;
    private string _firstSnapshot = null!;
    private string _secondSnapshot = null!;
    private CaseFlowApp _app = null!;
    private HttpClient _supervisor = null!;

    [OneTimeSetUp]
    public async Task SeedTwice()
    {
        _connectionString = await TestCluster.CreateDatabaseAsync("democenter");
        await SeedAsync();
        _firstSnapshot = await SnapshotAsync();
        await SeedAsync();
        _secondSnapshot = await SnapshotAsync();

        _app = CaseFlowApp.NodeOf(_connectionString);
        _supervisor = await _app.SignedInClientAsync("supervisor");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _supervisor?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await TestCluster.DropDatabaseAsync(_connectionString);
    }

    [Test]
    public void Seeding_twice_changes_nothing() => _secondSnapshot.ShouldBe(_firstSnapshot);

    [Test]
    public async Task An_application_nobody_decided_on_for_five_working_days_is_deemed_accepted_from_receipt_by_the_intake_timer()
    {
        var deemed = await RowAsync(
            """
            SELECT c.case_number, c.state, c.accepted_at = c.received_at, k.started_at = c.received_at,
                   (SELECT count(*) FROM workflow.history h WHERE h.instance_id = c.process_instance_id AND h.element_id = 'Timer_NoticeDeadline'),
                   (SELECT count(*) FROM intake.deficiency_notices n WHERE n.case_id = c.id)
            FROM intake.cases c JOIN deadline.clocks k ON k.owner_key = 'case:' || c.case_number || ':committed'
            WHERE c.deemed
            """);

        deemed.ShouldNotBeNull("no deemed case was seeded");
        deemed[1].ShouldBe("Accepted");
        deemed[2].ShouldBe(true, "a deemed case counts as accepted on receipt");
        deemed[3].ShouldBe(true, "its committed clock runs from receipt");
        ((long)deemed[4]!).ShouldBeGreaterThan(0, "the intake process's 5-working-day timer raised it");
        ((long)deemed[5]!).ShouldBe(0);
        var ledger = await LedgerAsync();
        ledger.ShouldContain(e => e.Kind == "DeemedAcceptance" && e.SubjectId == (string)deemed[0]!);
        var approval = await _supervisor.GetFromJsonAsync<JsonElement>($"/api/approval/cases/{deemed[0]}");
        approval.GetProperty("processStatus").GetString().ShouldBe("Running");
    }

    [Test]
    public async Task A_case_past_its_committed_limit_has_a_red_alert_and_one_close_to_it_a_yellow_one_in_the_supervision_ledger()
    {
        var ledger = await LedgerAsync();
        var open = await RowsAsync(
            """
            SELECT c.case_number, k.warned_at IS NOT NULL, k.overdue_at IS NOT NULL
            FROM approval.approval_cases c JOIN deadline.clocks k ON k.owner_key = 'case:' || c.case_number || ':committed'
            WHERE c.result IS NULL AND k.state = 'Running'
            """);

        var red = open.Where(r => (bool)r[2]!).Select(r => (string)r[0]!).ToList();
        var yellowOnly = open.Where(r => (bool)r[1]! && !(bool)r[2]!).Select(r => (string)r[0]!).ToList();
        red.ShouldNotBeEmpty("no open case is past its committed limit");
        yellowOnly.ShouldNotBeEmpty("no open case is in its yellow warning only");
        ledger.ShouldContain(e => e.Kind == "Overdue" && e.SubjectType == "case" && red.Contains(e.SubjectId) && e.Summary.Contains("committed", StringComparison.Ordinal));
        ledger.ShouldContain(e => e.Kind == "Warning" && e.SubjectType == "case" && yellowOnly.Contains(e.SubjectId));
        ledger.ShouldNotContain(e => e.Kind == "Overdue" && yellowOnly.Contains(e.SubjectId));
        var dashboard = await _supervisor.GetFromJsonAsync<JsonElement>($"/api/supervision/statistics?by=Center&{Period()}");
        dashboard.GetProperty("rows")[0].GetProperty("overdueNow").GetInt32().ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task A_co_department_asking_for_a_supplement_pauses_the_parallel_case_clock_while_the_other_branches_go_on()
    {
        var paused = await RowAsync(
            """
            SELECT c.case_number FROM approval.approval_cases c JOIN deadline.clocks k ON k.owner_key = 'case:' || c.case_number || ':committed'
            WHERE k.state = 'Paused'
            """);
        paused.ShouldNotBeNull("no case clock is paused");

        var view = await _supervisor.GetFromJsonAsync<JsonElement>($"/api/approval/cases/{paused[0]}");

        view.GetProperty("clockPaused").GetBoolean().ShouldBeTrue();
        view.GetProperty("processKey").GetString().ShouldBe("approval-parallel");
        var branches = view.GetProperty("branches").EnumerateArray().ToDictionary(b => b.GetProperty("departmentCode").GetString()!, b => b);
        branches["ecology-environment"].GetProperty("state").GetString().ShouldBe("Opened", "the other branches go on");
        branches["natural-resources"].GetProperty("state").GetString().ShouldBe("Approved");
        branches["fire-rescue"].GetProperty("state").GetString().ShouldBe("SupplementRequested");
        var opinions = view.GetProperty("opinions").EnumerateArray().ToList();
        opinions.ShouldContain(o => o.GetProperty("departmentCode").GetString() == "fire-rescue" && o.GetProperty("outcome").GetString() == "supplement");
        var notices = await RowAsync(
            $"SELECT count(*), min(stage) FROM intake.deficiency_notices n JOIN intake.cases c ON c.id = n.case_id WHERE c.case_number = '{paused[0]}'");
        notices![0].ShouldBe(1L, "the branch's request is the case's one notice (single-notice rule)");
    }

    [Test]
    public async Task A_case_whose_supplement_came_in_resumed_its_clock_and_was_granted_within_its_limit()
    {
        var resumed = await RowAsync(
            """
            SELECT c.case_number, c.result, k.state, k.overdue_at IS NULL, p.resumed_at IS NOT NULL
            FROM approval.approval_cases c
            JOIN deadline.clocks k ON k.owner_key = 'case:' || c.case_number || ':committed'
            JOIN deadline.clock_pauses p ON p.clock_id = k.id
            WHERE c.result IS NOT NULL
            """);

        resumed.ShouldNotBeNull("no completed case had its clock paused");
        resumed[1].ShouldBe("Approved");
        resumed[2].ShouldBe("Stopped");
        resumed[3].ShouldBe(true, "the paused days do not count, so it stayed within its limit");
        resumed[4].ShouldBe(true);
    }

    [Test]
    public async Task Completed_cases_on_time_and_late_make_the_statistics_count_both()
    {
        var report = await _supervisor.GetFromJsonAsync<JsonElement>($"/api/supervision/statistics?by=Center&{Period()}");

        var center = report.GetProperty("rows")[0];
        var completed = center.GetProperty("completed").GetInt32();
        var onTime = center.GetProperty("completedOnTime").GetInt32();
        completed.ShouldBeGreaterThanOrEqualTo(4);
        onTime.ShouldBeGreaterThan(0);
        onTime.ShouldBeLessThan(completed, "one demo case was completed late");
        center.GetProperty("accepted").GetInt32().ShouldBeGreaterThan(completed);
    }

    [Test]
    public async Task Complaints_ratings_and_return_visits_stand_in_supervision_as_its_commands_left_them()
    {
        var complaints = (await _supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/complaints?limit=50")).GetProperty("items").EnumerateArray().ToList();
        var ratings = (await _supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/ratings")).EnumerateArray().ToList();
        var visitDay = await RowAsync("SELECT min(day)::text FROM supervision.return_visits");

        complaints.ShouldContain(c => c.GetProperty("severity").GetString() == "Simple" && c.GetProperty("state").GetString() == "Closed");
        complaints.ShouldContain(c => c.GetProperty("severity").GetString() == "Complex" && c.GetProperty("state").GetString() == "Open" && c.GetProperty("dueAt").ValueKind == JsonValueKind.String);
        complaints.ShouldContain(c => c.GetProperty("severity").GetString() == "Serious" && c.GetProperty("state").GetString() == "Escalated");
        ratings.Count(r => r.GetProperty("level").GetString() is "VerySatisfied" or "Satisfied").ShouldBeGreaterThanOrEqualTo(2);
        var bad = ratings.Single(r => r.GetProperty("level").GetString() == "Dissatisfied");
        bad.GetProperty("rectification").GetProperty("state").GetString().ShouldBe("Open");
        (await LedgerAsync()).ShouldContain(e => e.Kind == "BadRating");
        visitDay.ShouldNotBeNull();
        var visits = (await _supervisor.GetFromJsonAsync<JsonElement>($"/api/supervision/return-visits?day={visitDay[0]}")).EnumerateArray().ToList();
        visits.ShouldNotBeEmpty();
        visits.ShouldAllBe(v => v.GetProperty("state").GetString() != "Pending");
    }

    [Test]
    public async Task The_replayed_cases_happened_on_past_working_days_and_the_cases_of_today_are_still_there()
    {
        var days = await RowAsync(
            """
            SELECT count(DISTINCT (received_at AT TIME ZONE 'Asia/Shanghai')::date),
                   count(*) FILTER (WHERE received_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'),
                   string_agg(DISTINCT state, ',' ORDER BY state)
            FROM intake.cases
            """);

        ((long)days![0]!).ShouldBeGreaterThanOrEqualTo(7);
        ((long)days[1]!).ShouldBeGreaterThanOrEqualTo(8, "the cases the window handled today");
        days[2].ShouldBe("Accepted,NoticeIssued,Received,Refused,Supplemented");
    }

    /// <summary>The last 40 days to tomorrow: the replayed weeks, whatever the day and time zone the test runs in.</summary>
    private static string Period()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"from={today.AddDays(-40):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
    }

    private async Task SeedAsync()
    {
        var environment = new Dictionary<string, string> { ["ConnectionStrings__CaseFlow"] = _connectionString };
        await using var seed = HostProcess.Start(environment, "seed");
        await seed.WaitForExitAsync(SeedLimit);
        seed.ExitCode.ShouldBe(0, seed.Output);
    }

    private sealed record LedgerEntry(string Kind, string SubjectType, string SubjectId, string Summary);

    private async Task<List<LedgerEntry>> LedgerAsync()
    {
        var page = await _supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/ledger?state=Open&limit=200");
        return [.. page.GetProperty("items").EnumerateArray().Select(e => new LedgerEntry(
            e.GetProperty("kind").GetString()!, e.GetProperty("subjectType").GetString()!, e.GetProperty("subjectId").GetString()!, e.GetProperty("summary").GetString()!))];
    }

    private async Task<object?[]?> RowAsync(string sql) => (await RowsAsync(sql)).FirstOrDefault();

    private async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // The tests' own queries.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every row count of the modules' and the runtime's tables, and the states that move.</summary>
    private async Task<string> SnapshotAsync()
    {
        var counts = await RowAsync(
            """
            SELECT string_agg(table_schema || '.' || table_name || '=' ||
                       (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text,
                       ',' ORDER BY table_schema, table_name)
            FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema IN ('intake', 'routing', 'approval', 'deadline', 'supervision', 'workflow')
            """);
        var states = await RowAsync(
            """
            SELECT concat_ws('|',
                (SELECT string_agg(reception_number || ':' || state, ',' ORDER BY reception_number) FROM intake.cases),
                (SELECT string_agg(owner_key || ':' || state, ',' ORDER BY owner_key) FROM deadline.clocks),
                (SELECT string_agg(state, ',' ORDER BY id) FROM approval.department_tasks),
                (SELECT string_agg(kind || ':' || state, ',' ORDER BY kind, state) FROM supervision.ledger_entries))
            """);
        return $"{counts![0]}\n{states![0]}";
    }
}
