namespace CaseFlow.Kernel.Documents;

/// <summary>Prints a self-contained HTML print view to PDF; the Host answers it with headless Chromium.</summary>
public interface IPdfPrinter
{
    Task<byte[]> PrintAsync(string html, CancellationToken cancellationToken);
}

/// <summary>PDF printing cannot run on this node (no browser); the HTML print view still can.</summary>
public sealed class PdfPrinterUnavailableException : Exception
{
    public PdfPrinterUnavailableException()
    {
    }

    public PdfPrinterUnavailableException(string message)
        : base(message)
    {
    }

    public PdfPrinterUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
