namespace CaseFlow.Host.Commands;

/// <summary>`caseflow healthcheck`: the container's health probe, since the runtime image has no curl.</summary>
internal static class HealthCheckCommand
{
    public static async Task<int> RunAsync(string[] arguments)
    {
        var url = arguments.Length >= 2 && arguments[0] == "--url"
            ? arguments[1]
            : (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://localhost:8080").Split(';')[0];
        var baseAddress = new Uri(url.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal));
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Console.WriteLine($"{baseAddress} ready: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{baseAddress} is not answering: {ex.Message}");
            return 1;
        }
    }
}
