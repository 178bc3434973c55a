using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CaseFlow.Host.Tests;

public sealed class HostTests
{
    private CaseFlowApp _app = null!;
    private HttpClient _client = null!;
    private HttpClient _anonymous = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = await CaseFlowApp.StartAsync();
        _client = await _app.SignedInClientAsync("admin");
        _anonymous = _app.CreateClient();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task The_host_is_ready_when_its_database_answers()
    {
        var live = await _anonymous.GetAsync("/health/live");
        var ready = await _anonymous.GetAsync("/health/ready");

        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Test]
    public async Task Every_module_answers_on_its_endpoint()
    {
        string[] paths =
        [
            "/api/intake/service-items",
            "/api/routing/departments",
            "/api/approval/departments/market-regulation/inbox",
            "/api/deadline/calendars/CN/years/2026",
            "/api/supervision/ledger",
        ];

        foreach (var path in paths)
        {
            var response = await _client.GetAsync(path);

            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }
    }

    [Test]
    public async Task A_created_service_item_can_be_read_back_by_its_code()
    {
        var created = await _client.PostAsJsonAsync("/api/intake/service-items", new
        {
            code = "TEST-READ-1",
            name = "食品经营许可",
            caseType = "Promised",
            leadDepartment = "market-regulation",
            coDepartments = new[] { "health" },
            committedLimitDays = 5,
            statutoryLimitDays = 20,
            published = true,
        });

        var read = await _client.GetFromJsonAsync<JsonElement>("/api/intake/service-items/TEST-READ-1");

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe("/api/intake/service-items/TEST-READ-1");
        read.GetProperty("name").GetString().ShouldBe("食品经营许可");
        read.GetProperty("caseType").GetString().ShouldBe("Promised");
        read.GetProperty("coDepartments")[0].GetString().ShouldBe("health");
    }

    [Test]
    public async Task A_committed_limit_longer_than_the_statutory_limit_is_refused_naming_the_field()
    {
        var response = await _client.PostAsJsonAsync("/api/intake/service-items", new
        {
            code = "TEST-LIMIT-1",
            name = "施工许可",
            caseType = "Joint",
            leadDepartment = "housing-construction",
            committedLimitDays = 30,
            statutoryLimitDays = 20,
        });

        var problem = await Problem(response);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("committedLimitDays", out _).ShouldBeTrue();
        (await _client.GetAsync("/api/intake/service-items/TEST-LIMIT-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_second_service_item_with_the_same_code_is_a_conflict()
    {
        var item = new { code = "TEST-DUP-1", name = "卫生许可", caseType = "Promised", leadDepartment = "health", committedLimitDays = 5, statutoryLimitDays = 20 };
        await _client.PostAsJsonAsync("/api/intake/service-items", item);

        var second = await _client.PostAsJsonAsync("/api/intake/service-items", item);

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Problem(second)).GetProperty("code").GetString().ShouldBe("service-item.duplicate-code");
    }

    [Test]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_the_field_not_a_500()
    {
        var response = await _client.PostAsync(
            "/api/intake/service-items",
            new StringContent("""{"code":"X-1","name":"n","caseType":"NoSuchType","leadDepartment":"d","committedLimitDays":1,"statutoryLimitDays":2}""", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Problem(response)).GetProperty("errors").TryGetProperty("caseType", out _).ShouldBeTrue();
    }

    [Test]
    public async Task A_body_that_is_not_json_is_a_400()
    {
        var response = await _client.PostAsync("/api/routing/departments", new StringContent("{not json", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Problem(response)).GetProperty("errors").TryGetProperty("body", out _).ShouldBeTrue();
    }

    [Test]
    public async Task A_query_parameter_that_does_not_bind_is_a_400_naming_it()
    {
        var response = await _client.GetAsync("/api/intake/service-items?limit=many");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Problem(response)).GetProperty("errors").TryGetProperty("limit", out _).ShouldBeTrue();
    }

    [Test]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await _client.GetAsync("/api/no-such-thing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Test]
    public async Task The_openapi_document_describes_every_module()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        foreach (var module in new[] { "intake", "routing", "approval", "deadline", "supervision" })
        {
            paths.ShouldContain(p => p.StartsWith($"/api/{module}/", StringComparison.Ordinal), module);
        }

        (await _client.GetAsync("/api-docs/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task Working_days_skip_the_national_day_holiday_and_count_the_make_up_saturday()
    {
        // 2026: 1–7 October off; Saturday 10 October is a make-up working day (国办发明电〔2025〕7号).
        var result = await _client.GetFromJsonAsync<JsonElement>("/api/deadline/calendars/CN/add-working-days?from=2026-09-30&days=3");

        result.GetProperty("due").GetString().ShouldBe("2026-10-10");
        result.GetProperty("arrangementsComplete").GetBoolean().ShouldBeTrue();
    }

    [Test]
    public async Task A_year_without_an_issued_arrangement_is_flagged()
    {
        var year = await _client.GetFromJsonAsync<JsonElement>("/api/deadline/calendars/CN/years/2027");
        var sum = await _client.GetFromJsonAsync<JsonElement>("/api/deadline/calendars/CN/add-working-days?from=2026-12-30&days=5");

        year.GetProperty("arrangementIssued").GetBoolean().ShouldBeFalse();
        sum.GetProperty("arrangementsComplete").GetBoolean().ShouldBeFalse();
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
