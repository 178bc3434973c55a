namespace CaseFlow.Supervision.Tests;

/// <summary>One Host in process on a fresh database for a fixture's tests, with the public forms' rate limit it names.</summary>
public abstract class SupervisionFixture(int publicRequestsPerMinute = 10_000)
{
    private SupervisionApp _app = null!;

    private protected SupervisionApp App => _app;

    [OneTimeSetUp]
    public async Task StartApp() => _app = await SupervisionApp.StartAsync(publicRequestsPerMinute);

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();
}
