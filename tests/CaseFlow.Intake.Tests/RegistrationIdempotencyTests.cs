using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace CaseFlow.Intake.Tests;

/// <summary>A registration sent twice with one Idempotency-Key registers one case (double clicks, retried requests).</summary>
public sealed class RegistrationIdempotencyTests
{
    private IntakeApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await IntakeApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task A_double_submit_with_one_key_registers_one_case_and_answers_the_repeat_with_the_first_answer()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        var key = Guid.NewGuid().ToString();
        var body = Body(Applicants.ResidentId());

        using var first = await PostAsync(clerk, key, body);
        using var second = await PostAsync(clerk, key, body);
        var next = await Applicants.RegisterAsync(clerk, Applicants.AllFoodMaterials());
        var firstBody = await first.Content.ReadAsStringAsync();
        var reception = JsonDocument.Parse(firstBody).RootElement.Reception();

        first.StatusCode.ShouldBe(HttpStatusCode.Created, firstBody);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await second.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        second.Headers.Location.ShouldBe(first.Headers.Location);
        (await CountAsync("SELECT count(*) FROM intake.cases WHERE idempotency_key = $1", key)).ShouldBe(1);
        (await CountAsync("SELECT count(*) FROM workflow.instances WHERE business_key = $1", reception)).ShouldBe(1);
        // The repeat took no reception number: the next application has the one after the first.
        Sequence(next.Reception()).ShouldBe(Sequence(reception) + 1);
    }

    [Test]
    public async Task Two_concurrent_submits_with_one_key_register_one_case()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var sameClerkElsewhere = await _app.SignedInClientAsync("clerk");
        var key = Guid.NewGuid().ToString();
        var body = Body(Applicants.ResidentId());

        var responses = await Task.WhenAll(PostAsync(clerk, key, body), PostAsync(sameClerkElsewhere, key, body));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        var reception = JsonDocument.Parse(bodies[0]).RootElement.Reception();

        responses.Select(r => r.StatusCode).ShouldAllBe(s => s == HttpStatusCode.Created, string.Join("\n", bodies));
        bodies[1].ShouldBe(bodies[0]);
        (await CountAsync("SELECT count(*) FROM intake.cases WHERE idempotency_key = $1", key)).ShouldBe(1);
        (await CountAsync("SELECT count(*) FROM workflow.instances WHERE business_key = $1", reception)).ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task A_key_reused_for_another_application_is_refused_naming_the_key_and_registers_nothing()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        var key = Guid.NewGuid().ToString();
        var otherApplicant = Applicants.ResidentId();

        using var first = await PostAsync(clerk, key, Body(Applicants.ResidentId()));
        using var reused = await PostAsync(clerk, key, Body(otherApplicant));
        using var malformed = await PostAsync(clerk, "no spaces allowed", Body(Applicants.ResidentId()));
        var problem = await reused.Content.ReadFromJsonAsync<JsonElement>();
        var malformedProblem = await malformed.Content.ReadFromJsonAsync<JsonElement>();

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        reused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("intake.idempotency-key.reused");
        problem.GetProperty("errors").GetProperty("Idempotency-Key")[0].GetString()!.ShouldContain((await first.Content.ReadFromJsonAsync<JsonElement>()).Reception());
        (await CountAsync("SELECT count(*) FROM intake.cases WHERE applicant_id_number = $1", otherApplicant)).ShouldBe(0);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        malformedProblem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _).ShouldBeTrue();
    }

    private static object Body(string idNumber) =>
        new { serviceItemCode = Applicants.FoodLicence, applicant = Applicants.Person(idNumber), materials = Applicants.AllFoodMaterials() };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/intake/cases") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static int Sequence(string reception) => int.Parse(reception[(reception.IndexOf('-', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);

    private async Task<long> CountAsync(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
