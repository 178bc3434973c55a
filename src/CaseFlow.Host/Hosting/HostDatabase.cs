using System.Security.Cryptography;
using System.Text;
using CaseFlow.EmbeddedPostgres;

namespace CaseFlow.Host.Hosting;

/// <summary>
/// The database the Host runs on: <c>ConnectionStrings:CaseFlow</c> when set, otherwise a private PostgreSQL started
/// from the machine's binaries with its data under <c>.caseflow/</c>, stopped when the Host stops.
/// </summary>
internal sealed class HostDatabase : IAsyncDisposable
{
    public const string ConnectionStringKey = "ConnectionStrings:CaseFlow";

    private readonly PostgresServer? _embedded;

    private HostDatabase(string connectionString, PostgresServer? embedded)
    {
        ConnectionString = connectionString;
        _embedded = embedded;
    }

    public string ConnectionString { get; }

    public bool IsEmbedded => _embedded is not null;

    /// <summary>The embedded cluster was created by this start: the demo center is entered so a first run shows something.</summary>
    public bool IsNewEmbedded => _embedded?.IsNew == true;

    public static async Task<HostDatabase> ResolveAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken = default)
    {
        var configured = configuration.GetConnectionString("CaseFlow");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new HostDatabase(configured, null);
        }

        var installRoot = configuration["CaseFlow:PostgresInstallRoot"] is { Length: > 0 } configuredRoot ? configuredRoot : "/usr/lib/postgresql";
        var binaries = PostgresBinaries.Find(installRoot: installRoot) ?? throw new PostgresNotFoundException();
        var root = await DataRootAsync(configuration, logger);
        logger.LogInformation("No connection string {Key}: starting the embedded PostgreSQL with data in {DataDirectory}", ConnectionStringKey, Path.Combine(root, "pgdata"));
        var server = await PostgresServer.StartAsync(
            new PostgresServerOptions { DataDirectory = Path.Combine(root, "pgdata"), PasswordFile = Path.Combine(root, "pgpassword"), BinariesDirectory = binaries },
            logger,
            cancellationToken);
        return new HostDatabase(server.ConnectionString, server);
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.StopAsync();
        }
    }

    private static async Task<string> DataRootAsync(IConfiguration configuration, ILogger logger)
    {
        var configured = configuration["CaseFlow:DataDirectory"];
        var root = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), ".caseflow")
            : Path.GetFullPath(configured);
        Directory.CreateDirectory(root);
        if (await PostgresServer.IsReachableByServerAsync(root))
        {
            return root;
        }

        // As root the server runs as the postgres user, who cannot enter a private home directory: keep the data
        // where it can, one directory per checkout so that two clones do not share a cluster.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..12].ToLowerInvariant();
        var fallback = Path.Combine("/var/tmp/caseflow", key);
        Directory.CreateDirectory(fallback);
        logger.LogWarning("The postgres user cannot reach {Root}; the embedded database lives in {Fallback} instead", root, fallback);
        return fallback;
    }

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CaseFlow.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
