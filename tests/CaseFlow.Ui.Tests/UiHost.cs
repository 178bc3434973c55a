using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CaseFlow.Testing;

namespace CaseFlow.Ui.Tests;

/// <summary>
/// The Host as a child process on a real port, over a fresh database of the test cluster with the demo center seeded:
/// a browser needs a real socket, which WebApplicationFactory's in-memory server does not give.
/// </summary>
internal sealed class UiHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;

    private UiHost(Process process, StringBuilder log, Uri address, string connectionString)
    {
        _process = process;
        _log = log;
        Address = address;
        ConnectionString = connectionString;
    }

    public Uri Address { get; }

    public string ConnectionString { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<UiHost> StartAsync()
    {
        var connectionString = await TestCluster.CreateDatabaseAsync("ui");
        var seedLog = new StringBuilder();
        using (var seed = Run(connectionString, seedLog, "seed"))
        {
            await seed.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            if (seed.ExitCode != 0)
            {
                throw new InvalidOperationException($"caseflow seed failed ({seed.ExitCode}):\n{seedLog}");
            }
        }

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var log = new StringBuilder();
        var host = new UiHost(Run(connectionString, log, "--urls", address.ToString()), log, address, connectionString);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && !host._process.HasExited)
        {
            try
            {
                if ((await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        var output = host.Log;
        await host.DisposeAsync();
        throw new InvalidOperationException($"The Host did not become ready:\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGINT, as Ctrl+C: the Host stops cleanly.
            using (var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        await TestCluster.DropDatabaseAsync(ConnectionString);
    }

    private static Process Run(string connectionString, StringBuilder log, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CaseFlow.Host.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__CaseFlow"] = connectionString;
        // Only warnings and errors: the Host's information log is large and the test keeps it in memory.
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
