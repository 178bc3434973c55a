using CaseFlow.Kernel.Documents;
using Microsoft.Playwright;

namespace CaseFlow.Host.Printing;

/// <summary>Where the browser for PDF printing is; section <c>CaseFlow:Pdf</c>.</summary>
internal sealed class PdfOptions
{
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";
}

/// <summary>
/// PDF through the machine's headless Chromium (PACKAGES.md: PDFsharp is AGPL, QuestPDF absent). One browser per
/// node, started on first use and kept; each document gets its own page, so prints run side by side.
/// </summary>
internal sealed class ChromiumPdfPrinter(PdfOptions options, ILogger<ChromiumPdfPrinter> logger) : IPdfPrinter, IAsyncDisposable
{
    private readonly SemaphoreSlim _start = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<byte[]> PrintAsync(string html, CancellationToken cancellationToken)
    {
        var browser = await BrowserAsync(cancellationToken);
        var page = await browser.NewPageAsync();
        try
        {
            await page.SetContentAsync(html);
            return await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _start.Dispose();
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken cancellationToken)
    {
        if (_browser is { IsConnected: true } running)
        {
            return running;
        }

        await _start.WaitAsync(cancellationToken);
        try
        {
            if (_browser is { IsConnected: true } started)
            {
                return started;
            }

            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = options.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox"],
            });
            return _browser;
        }
        catch (PlaywrightException e)
        {
            logger.LogWarning(e, "Chromium could not start from {Path}; PDF printing is unavailable", options.ChromiumPath);
            throw new PdfPrinterUnavailableException($"PDF printing is unavailable: Chromium could not start from {options.ChromiumPath}.", e);
        }
        finally
        {
            _start.Release();
        }
    }
}
