using System.Globalization;
using CaseFlow.EmbeddedPostgres;
using Npgsql;

namespace CaseFlow.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test process, started on first use from the machine's own binaries and
/// removed when the process exits. Clusters left behind by a test process that was killed are removed on the next run.
/// </summary>
public static class TestCluster
{
    private const string Prefix = "caseflow-test-pg-";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _server;
    private static string? _root;

    /// <summary>The running cluster, started on first call.</summary>
    public static async Task<PostgresServer> ServerAsync()
    {
        if (_server is not null)
        {
            return _server;
        }

        await Gate.WaitAsync();
        try
        {
            if (_server is null)
            {
                await RemoveOrphansAsync();
                _root = Path.Combine(Path.GetTempPath(), Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
                Directory.CreateDirectory(_root);
                await File.WriteAllTextAsync(Path.Combine(_root, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                _server = await PostgresServer.StartAsync(new PostgresServerOptions
                {
                    DataDirectory = Path.Combine(_root, "data"),
                    PasswordFile = Path.Combine(_root, "password"),
                    Database = "postgres",
                    // Throwaway data: durability against power loss is not what these tests measure.
                    Settings = new Dictionary<string, string>
                    {
                        ["fsync"] = "off",
                        ["synchronous_commit"] = "off",
                        ["full_page_writes"] = "off",
                        ["max_connections"] = "300",
                    },
                });
                AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAndRemove();
            }

            return _server;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var server = await ServerAsync();
        var name = $"{(prefix ?? "test").ToLowerInvariant()}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 63)];
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor("postgres"));
        await connection.OpenAsync();
#pragma warning disable CA2100 // The name is generated above.
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
        return server.ConnectionStringFor(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its sessions.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var server = await ServerAsync();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor("postgres"));
        await connection.OpenAsync();
#pragma warning disable CA2100 // The name is one of ours.
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the cluster and removes its files; call from the test assembly's one-time teardown.</summary>
    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            NpgsqlConnection.ClearAllPools();
            if (_server is not null)
            {
                await _server.StopAsync();
                _server = null;
            }

            TryDelete(_root);
            _root = null;
        }
        finally
        {
            Gate.Release();
        }
    }

    // A fallback for runs that end without the teardown; a killed run's cluster is removed by the next run.
    private static void StopAndRemove() => StopAsync().GetAwaiter().GetResult();

    private static async Task RemoveOrphansAsync()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var ownerFile = Path.Combine(directory, "owner.pid");
            if (File.Exists(ownerFile)
                && int.TryParse(await File.ReadAllTextAsync(ownerFile), NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
                && IsAlive(owner))
            {
                continue;
            }

            await PostgresServer.StopOrphanAsync(Path.Combine(directory, "data"));
            TryDelete(directory);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string? directory)
    {
        try
        {
            if (directory is not null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
