using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Intake.Tests;

public sealed class ApplicantsAndProgressTests
{
    private IntakeApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await IntakeApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [TestCase("Person", "110105199003070011", null, "13812345678", "applicant.idNumber", TestName = "A resident ID with a wrong check character is a 400 naming applicant.idNumber")]
    [TestCase("Person", "11010519900307001", null, "13812345678", "applicant.idNumber", TestName = "A resident ID of 17 characters is a 400 naming applicant.idNumber")]
    [TestCase("Person", "110105199013070015", null, "13812345678", "applicant.idNumber", TestName = "A resident ID with an impossible birth date is a 400 naming applicant.idNumber")]
    [TestCase("Person", null, null, "13812345678", "applicant.idNumber", TestName = "A person without a resident ID is a 400 naming applicant.idNumber")]
    [TestCase("Organization", null, "91350100M000100Y44", "13812345678", "applicant.creditCode", TestName = "A credit code with a wrong check character is a 400 naming applicant.creditCode")]
    [TestCase("Organization", null, "91350100M000100YI3", "13812345678", "applicant.creditCode", TestName = "A credit code with a letter outside GB 32100 is a 400 naming applicant.creditCode")]
    [TestCase("Person", "VALID", null, "1381234567", "applicant.phone", TestName = "A phone of 10 digits is a 400 naming applicant.phone")]
    [TestCase("Person", "VALID", null, "12812345678", "applicant.phone", TestName = "A phone not starting 13 to 19 is a 400 naming applicant.phone")]
    [TestCase("Alien", "VALID", null, "13812345678", "applicant.kind", TestName = "An unknown applicant kind is a 400 naming applicant.kind")]
    public async Task Invalid_applicant_data_is_a_400_naming_the_field(string kind, string? idNumber, string? creditCode, string phone, string field)
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        idNumber = idNumber == "VALID" ? Applicants.ResidentId() : idNumber;

        var response = await clerk.PostAsJsonAsync("/api/intake/cases", new
        {
            serviceItemCode = Applicants.FoodLicence,
            applicant = new { kind, name = "申请人", idNumber, creditCode, phone },
            materials = Applicants.AllFoodMaterials(),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ReceptionAndAcceptanceTests.Errors(response)).ShouldContain(field);
    }

    [Test]
    public async Task A_material_outside_the_items_list_is_a_400_naming_it()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");

        var response = await clerk.PostAsJsonAsync("/api/intake/cases", new
        {
            serviceItemCode = Applicants.FoodLicence,
            applicant = Applicants.Person(Applicants.ResidentId()),
            materials = new[] { new { code = "M01" }, new { code = "M99" } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ReceptionAndAcceptanceTests.Errors(response)).ShouldContain("materials[1].code");
    }

    [Test]
    public async Task Id_and_phone_are_masked_and_only_the_first_contact_reads_them_whole_with_each_read_audited()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var other = await _app.SignedInClientAsync("clerk2");
        using var supervisor = await _app.SignedInClientAsync("supervisor");
        var id = Applicants.ResidentId();
        var registered = await Applicants.RegisterAsync(clerk, Applicants.AllFoodMaterials(), id);
        var reception = registered.Reception();

        var masked = await other.GetFromJsonAsync<JsonElement>($"/api/intake/cases/{reception}");
        var unmasked = await clerk.GetFromJsonAsync<JsonElement>($"/api/intake/cases/{reception}?unmask=true");
        var otherUnmask = await other.GetAsync($"/api/intake/cases/{reception}?unmask=true");
        var supervisorUnmask = await supervisor.GetAsync($"/api/intake/cases/{reception}?unmask=true");
        var audit = await supervisor.GetFromJsonAsync<JsonElement>($"/api/intake/cases/{reception}/personal-data-reads");

        registered.GetRawText().ShouldNotContain(id);
        registered.GetRawText().ShouldNotContain("13812345678");
        masked.GetProperty("applicant").GetProperty("idNumber").GetString().ShouldBe($"{id[..3]}**************{id[^1]}");
        masked.GetProperty("applicant").GetProperty("phone").GetString().ShouldBe("138****5678");
        unmasked.GetProperty("applicant").GetProperty("idNumber").GetString().ShouldBe(id);
        unmasked.GetProperty("applicant").GetProperty("phone").GetString().ShouldBe("13812345678");
        otherUnmask.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        supervisorUnmask.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        audit.GetArrayLength().ShouldBe(1);
        audit[0].GetProperty("actorName").GetString().ShouldBe("窗口 张敏");
    }

    [Test]
    public async Task The_public_lookup_answers_the_right_id_ending_and_the_same_404_for_a_wrong_ending_or_an_unknown_case()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var anonymous = _app.AnonymousClient();
        var id = Applicants.ResidentId();
        var reception = (await Applicants.RegisterAsync(clerk, Applicants.AllFoodMaterials(), id)).Reception();
        var caseNumber = (await (await clerk.PostAsync($"/api/intake/cases/{reception}/acceptance", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString();
        var wrongEnding = id[^4..] == "0000" ? "1111" : "0000";

        var right = await anonymous.PostAsJsonAsync("/api/intake/progress", new { caseNumber, idLast4 = id[^4..].ToLowerInvariant() });
        var body = await right.Content.ReadAsStringAsync();
        var wrong = await anonymous.PostAsJsonAsync("/api/intake/progress", new { caseNumber, idLast4 = wrongEnding });
        var unknown = await anonymous.PostAsJsonAsync("/api/intake/progress", new { caseNumber = "2026-999999", idLast4 = id[^4..] });
        var malformed = await anonymous.PostAsJsonAsync("/api/intake/progress", new { caseNumber, idLast4 = "12" });

        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        var view = JsonDocument.Parse(body).RootElement;
        view.GetProperty("state").GetString().ShouldBe("Accepted");
        view.GetProperty("committedDate").GetString().ShouldBe("2026-03-09");
        view.GetProperty("departments")[0].GetProperty("department").GetString().ShouldBe("market-regulation");
        body.ShouldNotContain("陈晓明");
        body.ShouldNotContain(id[..6]);
        body.ShouldNotContain("5678");
        wrong.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()
            .ShouldBe((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_department_may_ask_again_only_for_what_the_notice_listed_and_the_supplement_resumes_its_review()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");
        using var approver = await _app.SignedInClientAsync("approver-market");
        var all = (object[])Applicants.AllFoodMaterials();
        var reception = (await Applicants.RegisterAsync(clerk, all.Take(2).ToArray())).Reception();
        await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/deficiency-notice", new { });
        await clerk.PostAsJsonAsync($"/api/intake/cases/{reception}/supplement", new { materials = all.Skip(2).ToArray() });
        var caseNumber = (await (await clerk.PostAsync($"/api/intake/cases/{reception}/acceptance", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString()!;
        var noNotice = (await (await clerk.PostAsync($"/api/intake/cases/{(await Applicants.RegisterAsync(clerk, all)).Reception()}/acceptance", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString()!;
        var started = await approver.PostAsJsonAsync("/api/workflows/instances", new { definitionKey = "approval-single", businessKey = caseNumber, variables = new { leadDepartment = "market-regulation", committedLimit = 5 } });
        var instance = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString();
        var review = (await approver.GetFromJsonAsync<JsonElement>($"/api/workflows/instances/{instance}")).GetProperty("openTasks")[0].GetProperty("id").GetString();

        var listed = await CheckAsync(caseNumber, "M03");
        var unlisted = await CheckAsync(caseNumber, "M01");
        var firstNotice = await CheckAsync(noNotice, "M01");
        var asked = await approver.PostAsJsonAsync($"/api/workflows/instances/{instance}/tasks/{review}/complete", new { outcome = "supplement", variables = new { supplementMaterials = new[] { "M03" }, supplementReason = "布局图比例不清" } });
        var waiting = await approver.GetFromJsonAsync<JsonElement>($"/api/workflows/instances/{instance}");
        var supplemented = await clerk.PostAsJsonAsync($"/api/intake/cases/{caseNumber}/supplement", new { materials = new[] { new { code = "M03", copies = 1, form = "Original" } } });
        var resumed = await approver.GetFromJsonAsync<JsonElement>($"/api/workflows/instances/{instance}");
        var view = await clerk.GetFromJsonAsync<JsonElement>($"/api/intake/cases/{caseNumber}");

        listed.Allowed.ShouldBeTrue();
        unlisted.Allowed.ShouldBeFalse();
        unlisted.ErrorCode.ShouldBe("intake.notice.already-issued");
        firstNotice.Allowed.ShouldBeTrue();
        asked.StatusCode.ShouldBe(HttpStatusCode.OK);
        waiting.GetProperty("activeElements").EnumerateArray().Select(e => e.GetString()).ShouldContain("Catch_SupplementReceived");
        supplemented.StatusCode.ShouldBe(HttpStatusCode.OK);
        resumed.GetProperty("activeElements").EnumerateArray().Select(e => e.GetString()).ShouldContain("Task_Review");
        view.GetProperty("notices")[1].GetProperty("stage").GetString().ShouldBe("Review");
    }

    private async Task<SupplementRequestCheck> CheckAsync(string caseNumber, string material)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new CheckSupplementRequest(caseNumber, [material]));
    }
}
