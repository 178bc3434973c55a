using Microsoft.Playwright;

namespace CaseFlow.Ui.Tests;

/// <summary>
/// One Host (a child process on a seeded test database) and one browser for a fixture's tests; at the end the Host's
/// warnings and errors are written beside the screenshots as <paramref name="hostLogName"/>, for reading a failure after
/// the run.
/// </summary>
public abstract class BrowserFixture(string hostLogName)
{
    private UiHost _host = null!;
    private Browser _browser = null!;

    private protected UiHost Host => _host;

    [OneTimeSetUp]
    public async Task StartHostAndBrowser()
    {
        _host = await UiHost.StartAsync();
        _browser = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopHostAndBrowser()
    {
        Directory.CreateDirectory(Browser.ScreenshotDirectory);
        await File.WriteAllTextAsync(Path.Combine(Browser.ScreenshotDirectory, "..", hostLogName), _host.Log);
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
    }

    /// <summary>A fresh browser profile (no cookies) on the Host.</summary>
    private protected Task<IPage> NewPageAsync() => _browser.NewPageAsync(_host.Address);
}
