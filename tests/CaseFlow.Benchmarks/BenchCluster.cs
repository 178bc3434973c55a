using System.Globalization;
using CaseFlow.EmbeddedPostgres;
using Npgsql;

namespace CaseFlow.Benchmarks;

/// <summary>
/// One throwaway cluster for the whole run, so pgbench and the runtime meet the same server, disk and settings.
/// Unlike the tests' cluster it keeps PostgreSQL's durable defaults (fsync, synchronous_commit, full_page_writes on):
/// the bar compares durable transitions with durable pgbench transactions.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly string _root;

    private BenchCluster(string root, PostgresServer server, string binaries)
    {
        _root = root;
        Server = server;
        Binaries = binaries;
    }

    public PostgresServer Server { get; }

    /// <summary>The PostgreSQL bin directory of the server.</summary>
    public string Binaries { get; }

    /// <summary>
    /// The pgbench of the same installation: beside the server binaries, or where they link to (the server may be
    /// found through links on PATH, such as /usr/local/bin/pg_ctl, that do not include pgbench).
    /// </summary>
    public string PgBenchPath
    {
        get
        {
            foreach (var program in new[] { "pgbench", "postgres", "pg_ctl", "initdb" })
            {
                var path = Path.Combine(Binaries, program);
                if (!File.Exists(path))
                {
                    continue;
                }

                var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
                var candidate = Path.Combine(Path.GetDirectoryName(target)!, "pgbench");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException($"no pgbench beside the PostgreSQL binaries in {Binaries}; install the PostgreSQL client programs (apt-get install postgresql-client)");
        }
    }

    public static async Task<BenchCluster> StartAsync(bool profile, IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var binaries = PostgresBinaries.Find() ?? throw new PostgresNotFoundException();
        // The temp directory, because as root the server runs as the postgres user, who must reach the data.
        var root = Path.Combine(Path.GetTempPath(), "caseflow-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var settings = new Dictionary<string, string> { ["max_connections"] = "200" };
        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }

        if (profile)
        {
            settings["shared_preload_libraries"] = "'pg_stat_statements'";
            settings["pg_stat_statements.track"] = "all";
        }

        try
        {
            var server = await PostgresServer.StartAsync(new PostgresServerOptions
            {
                DataDirectory = Path.Combine(root, "data"),
                PasswordFile = Path.Combine(root, "password"),
                Database = "caseflow_bench",
                Settings = settings,
                BinariesDirectory = binaries,
            });
            return new BenchCluster(root, server, binaries);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionStringFor("postgres"));
        await connection.OpenAsync();
#pragma warning disable CA2100 // The name is one of the benchmark's own constants.
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }

    public async Task<string> ScalarTextAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionStringFor(database));
        await connection.OpenAsync();
#pragma warning disable CA2100 // Fixed benchmark SQL.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Server.StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not remove {_root}: {e.Message}");
        }
    }
}
