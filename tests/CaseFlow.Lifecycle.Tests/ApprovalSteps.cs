using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Lifecycle.Tests;

/// <summary>The approver's steps the scenario tests share, through the HTTP API.</summary>
internal static class ApprovalSteps
{
    /// <summary>The one open task of the case in the department's inbox.</summary>
    public static async Task<Guid> OnlyTaskAsync(HttpClient client, string department, string caseNumber)
    {
        var inbox = await client.GetFromJsonAsync<JsonElement>($"/api/approval/departments/{department}/inbox?state=Opened&limit=200");
        return inbox.GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("caseNumber").GetString() == caseNumber)
            .GetProperty("id").GetGuid();
    }

    /// <summary>Signs the task off with an outcome and opinion; the sign-off must succeed.</summary>
    public static async Task SignAsync(HttpClient client, Guid task, string outcome, string opinion)
    {
        var response = await client.PostAsJsonAsync($"/api/approval/tasks/{task}/sign-off", new { outcome, opinion });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
