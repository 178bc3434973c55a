using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseFlow.Host.Commands;
using Npgsql;

namespace CaseFlow.Host.Tests;

/// <summary>The service-item catalogue (实施清单): its files, its versions, its public face and the demo seed.</summary>
public sealed class CatalogueTests
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
    public async Task The_seeded_center_has_departments_windows_and_thirty_published_items_of_every_case_type()
    {
        using var anonymous = _app.CreateClient();

        var departments = await anonymous.GetFromJsonAsync<JsonElement>("/api/routing/departments");
        var windows = await anonymous.GetFromJsonAsync<JsonElement>("/api/routing/windows");
        var items = await anonymous.GetFromJsonAsync<JsonElement>("/api/intake/service-items?limit=200");

        departments.GetArrayLength().ShouldBeGreaterThanOrEqualTo(8);
        windows.EnumerateArray().Select(w => w.GetProperty("code").GetString()).ShouldContain("W01");
        var published = items.GetProperty("items").EnumerateArray().ToList();
        published.Count.ShouldBeGreaterThanOrEqualTo(30);
        published.Select(i => i.GetProperty("caseType").GetString()).Distinct().Order().ShouldBe(["Immediate", "Joint", "Promised", "Reported"]);
        published.ShouldAllBe(i => i.GetProperty("faq").GetArrayLength() > 0 && i.GetProperty("officeHours").GetString()!.Length > 0);
    }

    [Test]
    public async Task The_seeded_cases_stand_in_every_state_the_window_and_the_departments_bring_them_to()
    {
        await _app.SignedInClientAsync("admin");
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync();

        var intakeStates = await ScalarAsync(connection, "SELECT string_agg(DISTINCT state, ',' ORDER BY state) FROM intake.cases");
        var taskStates = await ScalarAsync(connection, "SELECT string_agg(DISTINCT kind || ':' || state, ',' ORDER BY kind || ':' || state) FROM approval.department_tasks");
        var results = await ScalarAsync(connection, "SELECT string_agg(service_item_code || ':' || coalesce(result, 'open'), ',' ORDER BY service_item_code) FROM approval.approval_cases");

        intakeStates.ShouldBe("Accepted,NoticeIssued,Received,Refused,Supplemented");
        results.ShouldBe("11000000MB0000001-SP-02:Approved,11000000MB0000002-JZ-03:open,11000000MB0000007-BDC-16:open");
        taskStates.ShouldContain("Decision:Opened");
        taskStates.ShouldContain("Review:Opened");
    }

    [Test]
    public async Task Seeding_twice_changes_nothing()
    {
        await _app.SignedInClientAsync("admin");
        var before = await SnapshotAsync();

        await DemoData.SeedAsync(_app.Services, includeHistory: false);

        (await SnapshotAsync()).ShouldBe(before);
    }

    [Test]
    public async Task Exporting_and_importing_the_catalogue_round_trips_exactly_in_json_and_csv()
    {
        var json = await _admin.GetStringAsync("/api/intake/catalogue/export.json");
        var csv = await _admin.GetStringAsync("/api/intake/catalogue/export.csv");

        var jsonImport = await ImportAsync(json, "application/json");
        var csvImport = await ImportAsync(csv, "text/csv");

        jsonImport.GetProperty("created").GetInt32().ShouldBe(0);
        jsonImport.GetProperty("changed").GetInt32().ShouldBe(0);
        jsonImport.GetProperty("unchanged").GetInt32().ShouldBe(JsonDocument.Parse(json).RootElement.GetArrayLength());
        csvImport.GetProperty("changed").GetInt32().ShouldBe(0);
        (await _admin.GetStringAsync("/api/intake/catalogue/export.json")).ShouldBe(json);
        (await _admin.GetStringAsync("/api/intake/catalogue/export.csv")).ShouldBe(csv);
    }

    [Test]
    public async Task A_csv_file_imports_into_the_same_entries_as_the_json_file_it_was_made_from()
    {
        var item = NewItem("RT-CSV-1") with { Name = "含逗号, \"引号\"\n和换行的事项" };
        (await _admin.PostAsJsonAsync("/api/intake/catalogue/import", new[] { item }, Web)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var csv = await _admin.GetStringAsync("/api/intake/catalogue/export.csv");
        var json = await _admin.GetStringAsync("/api/intake/catalogue/export.json");
        await using (var connection = new NpgsqlConnection(_app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM intake.service_item_versions WHERE service_item_id = (SELECT id FROM intake.service_items WHERE code = 'RT-CSV-1'); DELETE FROM intake.service_items WHERE code = 'RT-CSV-1'", connection);
            await delete.ExecuteNonQueryAsync();
        }

        var imported = await ImportAsync(csv, "text/csv");

        imported.GetProperty("created").GetInt32().ShouldBe(1);
        (await _admin.GetStringAsync("/api/intake/catalogue/export.json")).ShouldBe(json);
    }

    [Test]
    public async Task Importing_an_existing_code_makes_a_new_version_only_when_something_changed()
    {
        var item = NewItem("VERSIONED-1");
        await ImportAsync(JsonSerializer.Serialize(new[] { item }, Web), "application/json");

        var same = await ImportAsync(JsonSerializer.Serialize(new[] { item }, Web), "application/json");
        var changed = await ImportAsync(JsonSerializer.Serialize(new[] { item with { FeeCharged = true, FeeStandard = "每件 50 元" } }, Web), "application/json");

        same.GetProperty("unchanged").GetInt32().ShouldBe(1);
        changed.GetProperty("changed").GetInt32().ShouldBe(1);
        var read = await _admin.GetFromJsonAsync<JsonElement>("/api/intake/service-items/VERSIONED-1");
        read.GetProperty("version").GetInt32().ShouldBe(2);
        read.GetProperty("feeStandard").GetString().ShouldBe("每件 50 元");
    }

    [Test]
    public async Task An_import_with_bad_rows_names_each_row_and_field_and_changes_nothing()
    {
        var before = await _admin.GetStringAsync("/api/intake/catalogue/export.json");
        var header = await FirstLineAsync();
        var good = CsvRow(header, "GOOD-ROW-1", "Promised", "5", "20");
        var tooLong = CsvRow(header, "BAD-ROW-1", "Sometimes", "30", "20");
        var file = header + "\r\n" + good + "\r\n" + tooLong + "\r\n";

        using var response = await _admin.PostAsync("/api/intake/catalogue/import", new StringContent(file, Encoding.UTF8, "text/csv"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var problems = problem.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("row").GetInt32(), p.GetProperty("field").GetString())).ToList();
        problems.ShouldContain((2, "caseType"));
        problems.ShouldContain((2, "committedLimitDays"));
        problems.ShouldNotContain(p => p.Item1 == 1);
        problem.GetProperty("errors").TryGetProperty("row 2: committedLimitDays", out _).ShouldBeTrue();
        (await _admin.GetStringAsync("/api/intake/catalogue/export.json")).ShouldBe(before);
    }

    [Test]
    public async Task A_committed_limit_longer_than_the_statutory_one_is_refused_naming_the_field()
    {
        using var response = await _admin.PostAsJsonAsync("/api/intake/service-items", NewItem("LIMITS-1") with { CommittedLimitDays = 21, StatutoryLimitDays = 20 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("committedLimitDays", out _).ShouldBeTrue();
    }

    [Test]
    public async Task Malformed_import_files_are_refused_with_problem_details()
    {
        string[] bodies = ["{", "{}", "[1]", "[{\"code\": 5}]", "[{\"caseType\": \"Never\"}]", "[]"];
        foreach (var body in bodies)
        {
            using var response = await _admin.PostAsync("/api/intake/catalogue/import", new StringContent(body, Encoding.UTF8, "application/json"));
            ((int)response.StatusCode).ShouldBe(400, body);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").GetArrayLength().ShouldBeGreaterThan(0);
        }

        using var csv = await _admin.PostAsync("/api/intake/catalogue/import", new StringContent("code,name\r\nX,Y\r\n", Encoding.UTF8, "text/csv"));
        using var xml = await _admin.PostAsync("/api/intake/catalogue/import", new StringContent("<a/>", Encoding.UTF8, "application/xml"));
        csv.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        xml.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Only_administrators_export_or_import_and_the_public_sees_published_items_only()
    {
        using var anonymous = _app.CreateClient();
        using var clerk = await _app.SignedInClientAsync("clerk");

        var anonymousExport = await anonymous.GetAsync("/api/intake/catalogue/export.json");
        var clerkImport = await clerk.PostAsync("/api/intake/catalogue/import", new StringContent("[]", Encoding.UTF8, "application/json"));
        var draft = await anonymous.GetAsync("/api/intake/service-items/11000000MB0000001-DR-99");
        var guide = await anonymous.GetFromJsonAsync<JsonElement>("/api/intake/service-items/11000000MB0000007-BDC-16");

        anonymousExport.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        clerkImport.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        draft.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        guide.GetProperty("feeCharged").GetBoolean().ShouldBeTrue();
        guide.GetProperty("materials").GetArrayLength().ShouldBeGreaterThan(0);
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static Intake.Contracts.ServiceItemDto NewItem(string code) =>
        new(code, "测试事项", Intake.Contracts.CaseType.Promised, "health", ["fire-rescue"], 5, 20, true, 1)
        {
            ItemType = "行政许可",
            ImplementingBody = "县卫生健康委员会",
            OfficeHours = "周一至周五",
            Location = "一楼 W02",
            InquiryPhone = "0412-5551234",
            ComplaintPhone = "0412-12345",
            Materials = [new("M01", "申请书", Intake.Contracts.MaterialForm.Original, 1, true, "《条例》第八条")],
            Faq = [new("要跑几次？", "一次。")],
        };

    private async Task<string> FirstLineAsync() => (await _admin.GetStringAsync("/api/intake/catalogue/export.csv")).TrimStart('\uFEFF').Split("\r\n")[0];

    /// <summary>One CSV record in the documented layout (docs/CATALOGUE.md), cells in the header's order.</summary>
    private static string CsvRow(string header, string code, string caseType, string committed, string statutory)
    {
        var values = new Dictionary<string, string>
        {
            ["code"] = code,
            ["name"] = "测试事项",
            ["itemType"] = "行政许可",
            ["caseType"] = caseType,
            ["level"] = "County",
            ["implementingBody"] = "县卫生健康委员会",
            ["leadDepartment"] = "health",
            ["coDepartments"] = "fire-rescue;transport",
            ["committedLimitDays"] = committed,
            ["statutoryLimitDays"] = statutory,
            ["feeCharged"] = "false",
            ["onSiteVisits"] = "1",
            ["published"] = "true",
            ["materials"] = """[{"code":"M01","name":"申请书","form":"Original","copies":1,"required":true,"legalBasis":"《条例》第八条"}]""",
            ["faq"] = """[{"question":"要跑几次？","answer":"一次。"}]""",
            ["version"] = "1",
        };
        return string.Join(',', header.Split(',').Select(column => values.GetValueOrDefault(column, string.Empty)).Select(v => v.Contains(',') || v.Contains('"') ? "\"" + v.Replace("\"", "\"\"") + "\"" : v));
    }

    private async Task<JsonElement> ImportAsync(string content, string type)
    {
        using var response = await _admin.PostAsync("/api/intake/catalogue/import", new StringContent(content, Encoding.UTF8, type));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync()) as string ?? string.Empty;
    }

    private async Task<string> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT concat_ws('|',
                (SELECT count(*) FROM intake.service_items), (SELECT count(*) FROM intake.service_item_versions),
                (SELECT count(*) FROM intake.cases), (SELECT count(*) FROM routing.departments), (SELECT count(*) FROM routing.windows),
                (SELECT string_agg(login, ',' ORDER BY login) FROM access.staff_accounts),
                (SELECT count(*) FROM approval.opinions), (SELECT string_agg(state, ',' ORDER BY id) FROM approval.department_tasks))
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
