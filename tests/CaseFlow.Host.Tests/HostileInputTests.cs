using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseFlow.Host.Access;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseFlow.Host.Tests;

/// <summary>Malformed and hostile bodies, sent to every endpoint that takes one: each answer is a 4xx ProblemDetails and nothing is written.</summary>
public sealed class HostileInputTests
{
    private static readonly string[] Bodies =
    [
        string.Empty,
        "{",
        "}",
        "null",
        "[]",
        "[{}]",
        "123",
        "\"text\"",
        "true",
        "{\"a\":",
        "{\"code\": 12, \"name\": [], \"login\": {}, \"definitionKey\": 7, \"outcome\": [1], \"roles\": \"admin\", \"committedLimitDays\": \"many\"}",
        "{\"code\": null, \"name\": null, \"login\": null, \"password\": null, \"definitionKey\": null, \"caseType\": null, \"roles\": null}",
        "{\"committedLimitDays\": 99999999999999999999, \"statutoryLimitDays\": -1e400}",
        "{\"caseType\": \"DROP TABLE intake.service_items\", \"code\": \"'; DROP TABLE intake.service_items; --\"}",
        "{\"name\": \"\\uD800\"}",
        "{\"code\": \"" + new string('x', 100_000) + "\"}",
        new string('[', 5000) + new string(']', 5000),
        "<?xml version=\"1.0\"?><definitions/>",
        "{\"variables\": {\"a\": " + new string('[', 200) + new string(']', 200) + "}}",
        "\u0000\u0001\u0002",
    ];

    private CaseFlowApp _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = await CaseFlowApp.StartAsync();
        using var admin = await _app.SignedInClientAsync("admin");
        var key = await (await admin.PostAsJsonAsync("/api/access/api-keys", new { name = "fuzz", roles = new[] { "administrator", "supervisor", "window-clerk" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, key.GetProperty("key").GetString());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task Every_malformed_body_to_every_endpoint_is_a_4xx_problem_and_changes_nothing()
    {
        var targets = BodyEndpoints();
        var before = await RowCountsAsync();
        var sent = 0;
        var failures = new List<string>();

        foreach (var (method, path) in targets)
        {
            foreach (var body in Bodies)
            {
                foreach (var contentType in new[] { "application/json", "application/xml", "text/plain" })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
                    using var response = await _client.SendAsync(request);
                    sent++;
                    var status = (int)response.StatusCode;
                    var media = response.Content.Headers.ContentType?.MediaType;
                    if (status is < 400 or >= 500 || media != "application/problem+json")
                    {
                        failures.Add($"{method} {path} [{contentType}] {Describe(body)} → {status} {media}: {Truncate(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
        }

        var after = await RowCountsAsync();
        await TestContext.Out.WriteLineAsync($"{sent} hostile requests to {targets.Count} endpoints: {string.Join(", ", targets.Select(t => $"{t.Method} {t.Path}"))}");

        targets.Count.ShouldBeGreaterThanOrEqualTo(8);
        sent.ShouldBeGreaterThanOrEqualTo(200);
        failures.ShouldBeEmpty();
        after.ShouldBe(before);
    }

    private List<(string Method, string Path)> BodyEndpoints() =>
    [
        .. _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, Fill(e.RoutePattern.RawText!))))
            .Where(t => t.m is "POST" or "PUT" or "PATCH")
            .Distinct(),
    ];

    /// <summary>Route values that exist nowhere: a body must be refused before any lookup could matter.</summary>
    private static string Fill(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{([^}:]+)(:[^}]+)?\\}", m =>
            m.Groups[2].Value.Contains("guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
            : m.Groups[2].Value.Contains("int", StringComparison.Ordinal) ? "2026"
            : "fuzz-" + m.Groups[1].Value);

    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
#pragma warning disable CA2100 // Table names come from the catalog and are quoted by quote_ident.
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
#pragma warning restore CA2100
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    private static string Describe(string body) => body.Length > 60 ? $"{Truncate(body)} ({body.Length} chars)" : body;

    private static string Truncate(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
