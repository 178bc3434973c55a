using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Host.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Host.Tests;

public sealed class AccessTests
{
    private CaseFlowApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await CaseFlowApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public void Every_api_endpoint_states_its_policy()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .ToList();

        var silent = endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.DisplayName)
            .ToList();

        endpoints.ShouldNotBeEmpty();
        silent.ShouldBeEmpty();
    }

    [Test]
    public async Task A_signed_in_clerk_is_told_who_they_are()
    {
        using var clerk = await _app.SignedInClientAsync("clerk");

        var me = await clerk.GetFromJsonAsync<JsonElement>("/api/access/me");

        me.GetProperty("roles")[0].GetString().ShouldBe("window-clerk");
        me.GetProperty("windowCode").GetString().ShouldBe("W01");
    }

    [Test]
    public async Task The_api_answers_401_to_anonymous_callers_and_403_to_the_wrong_role()
    {
        using var anonymous = _app.CreateClient();
        using var clerk = await _app.SignedInClientAsync("clerk2");

        var unauthenticated = await anonymous.GetAsync("/api/supervision/ledger");
        var forbidden = await clerk.GetAsync("/api/supervision/ledger");

        unauthenticated.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task An_approver_cannot_read_another_departments_inbox()
    {
        using var market = await _app.SignedInClientAsync("approver-market");

        var own = await market.GetAsync("/api/approval/departments/market-regulation/inbox");
        var other = await market.GetAsync("/api/approval/departments/fire-rescue/inbox");

        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Repeated_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        (await admin.PostAsJsonAsync("/api/access/staff", new { login = "lockme", displayName = "测试", password = "correct-horse-1", roles = new[] { "window-clerk" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        using var client = _app.CreateClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            (await client.PostAsJsonAsync("/api/access/sign-in", new { login = "lockme", password = "wrong" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var right = await client.PostAsJsonAsync("/api/access/sign-in", new { login = "lockme", password = "correct-horse-1" });

        right.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("access.locked");
    }

    [Test]
    public async Task An_api_key_authenticates_another_system_with_the_roles_it_was_given()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        var created = await (await admin.PostAsJsonAsync("/api/access/api-keys", new { name = "省平台对接", roles = new[] { "supervisor" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        using var system = _app.CreateClient();
        system.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, created.GetProperty("key").GetString());
        using var impostor = _app.CreateClient();
        impostor.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, "cf_not-a-key");

        var ledger = await system.GetAsync("/api/supervision/ledger");
        var refused = await impostor.GetAsync("/api/supervision/ledger");

        ledger.StatusCode.ShouldBe(HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Anonymous_callers_see_only_published_service_items()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        await admin.PostAsJsonAsync("/api/intake/service-items", new { code = "DRAFT-1", name = "草稿事项", caseType = "Promised", leadDepartment = "health", committedLimitDays = 5, statutoryLimitDays = 20, published = false });
        using var anonymous = _app.CreateClient();

        var list = await anonymous.GetFromJsonAsync<JsonElement>("/api/intake/service-items?published=false");
        var draft = await anonymous.GetAsync("/api/intake/service-items/DRAFT-1");
        var staffView = await admin.GetAsync("/api/intake/service-items/DRAFT-1");

        list.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("published").GetBoolean());
        draft.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        staffView.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
