using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CaseFlow.Intake.Tests;

public sealed class HostileInputTests
{
    private static readonly string[] Bodies =
    [
        "", "null", "[]", "{", "\"text\"", "42", "{}",
        """{"serviceItemCode":null,"applicant":null,"materials":null}""",
        """{"serviceItemCode":"11000000MB0000001-SP-02","applicant":{"kind":"Person"},"materials":[null]}""",
        """{"serviceItemCode":"11000000MB0000001-SP-02","applicant":{"kind":7,"name":1},"materials":"M01"}""",
        """{"serviceItemCode":"11000000MB0000001-SP-02","applicant":{"kind":"Person","name":"x","idNumber":"11010519491231002X","phone":"13812345678"},"materials":[{"code":"M01","copies":-1,"form":"Scan"}]}""",
        """{"defects":[{"code":null,"problem":null}]}""",
        """{"defects":"all"}""",
        """{"reasons":123,"legalBasis":[]}""",
        """{"reasons":"r","legalBasis":"b","materials":[null,""]}""",
        """{"materials":[]}""",
        """{"kind":"Everything","reason":"x"}""",
        """{"kind":"SecondNotice","reason":null}""",
        """{"caseNumber":"","idLast4":null}""",
        """{"caseNumber":"x","idLast4":"12345"}""",
    ];

    private static readonly string[] Paths =
    [
        "/api/intake/cases",
        "/api/intake/cases/R2026-000001/deficiency-notice",
        "/api/intake/cases/R2026-000001/refusal",
        "/api/intake/cases/R2026-000001/supplement",
        "/api/intake/cases/R2026-000001/overrides",
        "/api/intake/cases/R2026-000001/acceptance",
        "/api/intake/cases/no-such-case/acceptance",
        "/api/intake/progress",
    ];

    private IntakeApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await IntakeApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task Malformed_and_hostile_bodies_on_every_intake_endpoint_get_a_4xx_problem_and_never_a_5xx()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var failures = new List<string>();

        foreach (var path in Paths)
        {
            foreach (var body in Bodies)
            {
                var client = path.EndsWith("/overrides", StringComparison.Ordinal) ? supervisor : admin;
                var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
                var status = (int)response.StatusCode;
                var type = response.Content.Headers.ContentType?.MediaType;
                if (status is < 400 or >= 500 || (status != 429 && type != "application/problem+json"))
                {
                    failures.Add($"{path} {body} -> {status} {type}");
                }
            }
        }

        var documents = await admin.GetAsync("/api/intake/cases/R2026-000001/documents/bogus?format=exe&sequence=-1");
        var lookup = await admin.GetAsync("/api/intake/cases/%27%3B%20DROP%20TABLE");

        failures.ShouldBeEmpty();
        ((int)documents.StatusCode).ShouldBeInRange(400, 499);
        lookup.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetFromJsonAsync<JsonElement>("/api/intake/service-items/11000000MB0000001-SP-02")).GetProperty("version").GetInt32().ShouldBe(1);
    }
}
