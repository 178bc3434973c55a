using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CaseFlow.EmbeddedPostgres;

/// <summary>How a private PostgreSQL server is laid out and tuned.</summary>
public sealed record PostgresServerOptions
{
    /// <summary>The cluster's data directory; created with initdb the first time.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Where the superuser password is kept between runs (owner-only file).</summary>
    public required string PasswordFile { get; init; }

    public string SuperUser { get; init; } = "caseflow";

    /// <summary>The database created on first start and named in <see cref="PostgresServer.ConnectionString"/>.</summary>
    public string Database { get; init; } = "caseflow";

    /// <summary>Extra postgresql.conf settings written once at initdb (e.g. fsync=off for throwaway test clusters).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The binaries directory; found with <see cref="PostgresBinaries.Find"/> when null.</summary>
    public string? BinariesDirectory { get; init; }
}

/// <summary>
/// A PostgreSQL server run from the machine's own binaries on a free loopback port.
/// As root it runs the server as the <c>postgres</c> OS user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    private readonly PostgresServerOptions _options;
    private readonly ILogger _logger;
    private readonly string _binaries;
    private readonly bool _asServiceUser;
    private string? _password;
    private int _port;
    private bool _running;

    private PostgresServer(PostgresServerOptions options, string binaries, ILogger logger)
    {
        _options = options;
        _binaries = binaries;
        _logger = logger;
        _asServiceUser = IsRoot();
    }

    public int Port => _running ? _port : throw new InvalidOperationException("The server is not running.");

    public string DataDirectory => _options.DataDirectory;

    /// <summary>Whether this start created the cluster (initdb ran), as opposed to reusing existing data.</summary>
    public bool IsNew { get; private set; }

    public string ConnectionString => ConnectionStringFor(_options.Database);

    /// <summary>Starts the server, running initdb first when the data directory is new.</summary>
    /// <exception cref="PostgresNotFoundException">No server binaries on this machine.</exception>
    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var binaries = options.BinariesDirectory ?? PostgresBinaries.Find() ?? throw new PostgresNotFoundException();
        var server = new PostgresServer(options, binaries, logger ?? NullLogger.Instance);
        await server.StartAsync(cancellationToken);
        return server;
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = _options.SuperUser,
        Password = _password,
        Database = database,
    }.ConnectionString;

    /// <summary>Whether a directory (and every directory above it) can be entered by the user the server runs as.</summary>
    public static async Task<bool> IsReachableByServerAsync(string directory)
    {
        if (!IsRoot())
        {
            return true;
        }

        var (exitCode, _) = await ProcessRunner.RunAsync("runuser", ["-u", ServiceUser, "--", "test", "-x", directory], CommandTimeout);
        return exitCode == 0;
    }

    public async Task StopAsync()
    {
        if (!_running)
        {
            return;
        }

        _running = false;
        var (exitCode, output) = await RunAsServer("pg_ctl", ["stop", "-D", _options.DataDirectory, "-m", "fast", "-w", "-t", "60"]);
        if (exitCode != 0)
        {
            _logger.LogWarning("pg_ctl stop exited with {ExitCode}: {Output}", exitCode, output.Trim());
        }
        else
        {
            _logger.LogInformation("Embedded PostgreSQL stopped ({DataDirectory})", _options.DataDirectory);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Stops a server left running on a data directory by a process that died, if any.</summary>
    public static async Task StopOrphanAsync(string dataDirectory, string? binariesDirectory = null)
    {
        var binaries = binariesDirectory ?? PostgresBinaries.Find();
        if (binaries is null || !File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            return;
        }

        var server = new PostgresServer(new PostgresServerOptions { DataDirectory = dataDirectory, PasswordFile = string.Empty }, binaries, NullLogger.Instance);
        await server.RunAsServer("pg_ctl", ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "30"]);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var fresh = !File.Exists(Path.Combine(_options.DataDirectory, "PG_VERSION"));
        IsNew = fresh;
        if (fresh)
        {
            await InitializeAsync(cancellationToken);
        }
        else
        {
            _password = await File.ReadAllTextAsync(_options.PasswordFile, cancellationToken);
            await StopLeftoverServerAsync();
        }

        await StartServerAsync(cancellationToken);
        await EnsureDatabaseAsync(cancellationToken);
        _logger.LogInformation(
            "Embedded PostgreSQL running on 127.0.0.1:{Port} with data in {DataDirectory}{Fresh}",
            _port, _options.DataDirectory, fresh ? " (new cluster)" : string.Empty);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.DataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_options.PasswordFile))!);
        _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
        await File.WriteAllTextAsync(_options.PasswordFile, _password, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_options.PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(_options.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // initdb reads the password from a file the server user can read; it lives only for this call.
        var pwfile = Path.Combine(Path.GetTempPath(), $"caseflow-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(pwfile, _password, cancellationToken);
        try
        {
            if (_asServiceUser)
            {
                await Chown(_options.DataDirectory);
                await Chown(pwfile);
            }

            var (exitCode, output) = await RunAsServer("initdb",
            [
                "-D", _options.DataDirectory, "-U", _options.SuperUser, "--pwfile", pwfile,
                "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions",
            ], cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"initdb failed with exit code {exitCode}: {output}");
            }
        }
        finally
        {
            File.Delete(pwfile);
        }

        var settings = new Dictionary<string, string>
        {
            ["listen_addresses"] = "'127.0.0.1'",
            ["unix_socket_directories"] = "''",
            ["max_connections"] = "200",
            ["logging_collector"] = "off",
        };
        foreach (var (key, value) in _options.Settings)
        {
            settings[key] = value;
        }

        var lines = settings.Select(s => $"{s.Key} = {s.Value}");
        await File.AppendAllTextAsync(
            Path.Combine(_options.DataDirectory, "postgresql.conf"),
            "\n# CaseFlow embedded server\n" + string.Join('\n', lines) + "\n",
            cancellationToken);
    }

    private async Task StopLeftoverServerAsync()
    {
        if (!File.Exists(Path.Combine(_options.DataDirectory, "postmaster.pid")))
        {
            return;
        }

        var (status, _) = await RunAsServer("pg_ctl", ["status", "-D", _options.DataDirectory]);
        if (status == 0)
        {
            _logger.LogWarning("A server left running on {DataDirectory} by an earlier process is stopped first", _options.DataDirectory);
            await RunAsServer("pg_ctl", ["stop", "-D", _options.DataDirectory, "-m", "fast", "-w", "-t", "60"]);
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var log = Path.Combine(_options.DataDirectory, "caseflow-server.log");
        for (var attempt = 1; ; attempt++)
        {
            _port = FreeLoopbackPort();
            var (exitCode, output) = await RunAsServer(
                "pg_ctl",
                ["start", "-D", _options.DataDirectory, "-w", "-t", "90", "-l", log, "-o", $"-p {_port.ToString(CultureInfo.InvariantCulture)}"],
                cancellationToken);
            if (exitCode == 0)
            {
                _running = true;
                return;
            }

            // Another process may have taken the port between the probe and the start: try another one.
            if (attempt >= 3)
            {
                var tail = File.Exists(log) ? string.Join('\n', (await File.ReadAllLinesAsync(log, cancellationToken)).TakeLast(20)) : string.Empty;
                throw new InvalidOperationException($"PostgreSQL did not start (pg_ctl exit {exitCode}): {output}\n{tail}");
            }
        }
    }

    private async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", _options.Database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_options.Database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private Task<(int ExitCode, string Output)> RunAsServer(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(_binaries, program);
        return _asServiceUser
            ? ProcessRunner.RunAsync("runuser", ["-u", ServiceUser, "--", path, .. arguments], CommandTimeout, cancellationToken)
            : ProcessRunner.RunAsync(path, arguments, CommandTimeout, cancellationToken);
    }

    private static async Task Chown(string path)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", path], CommandTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"Could not hand {path} to the {ServiceUser} user: {output}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot() => OperatingSystem.IsLinux() && NativeMethods.geteuid() == 0;

    private static partial class NativeMethods
    {
        [DllImport("libc", SetLastError = false)]
#pragma warning disable CA5392, SYSLIB1054 // libc is a system library; geteuid takes no input.
        public static extern uint geteuid();
#pragma warning restore CA5392, SYSLIB1054
    }
}

/// <summary>No PostgreSQL server binaries on this machine; the message says what to do instead.</summary>
public sealed class PostgresNotFoundException() : InvalidOperationException(PostgresBinaries.NotFoundMessage);
