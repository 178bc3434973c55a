using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseFlow.Kernel.Persistence;

/// <summary>A module's schema and the assembly whose embedded <c>Migrations/*.sql</c> files build it, applied in name order.</summary>
public sealed record ModuleMigrations(string Module, string Schema, Assembly Assembly)
{
    public IReadOnlyList<(string Id, string Sql)> Scripts()
    {
        const string folder = ".Migrations.";
        return Assembly.GetManifestResourceNames()
            .Where(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var id = n[(n.LastIndexOf(folder, StringComparison.Ordinal) + folder.Length)..^".sql".Length];
                using var stream = Assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return (id, reader.ReadToEnd());
            })
            .OrderBy(s => s.id, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>
/// Applies each module's SQL migrations once, in order, each in its own transaction, recorded in the module's own
/// <c>schema_migrations</c> table. An advisory lock makes concurrent starts of several nodes take turns.
/// </summary>
public sealed class SqlMigrator(NpgsqlDataSource dataSource, IEnumerable<ModuleMigrations> modules, ILogger<SqlMigrator> logger)
{
    private const long LockKey = 0x43_61_73_65_46_6c_6f_77; // "CaseFlow"

    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            var applied = 0;
            foreach (var module in modules)
            {
                applied += await MigrateModule(connection, module, cancellationToken);
            }

            return applied;
        }
        finally
        {
            await Execute(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private async Task<int> MigrateModule(NpgsqlConnection connection, ModuleMigrations module, CancellationToken cancellationToken)
    {
        var schema = Quote(module.Schema);
        await Execute(connection, null, $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                id text PRIMARY KEY,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now());
            -- Every module gets a transactional outbox: notifications committed with the change they report.
            CREATE TABLE IF NOT EXISTS {schema}.outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                type text NOT NULL,
                payload jsonb NOT NULL,
                occurred_at timestamptz NOT NULL,
                dispatched_at timestamptz,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL,
                last_error text);
            CREATE INDEX IF NOT EXISTS outbox_due ON {schema}.outbox (next_attempt_at, id) WHERE dispatched_at IS NULL;
            """, cancellationToken);

        var done = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand($"SELECT id, checksum FROM {schema}.schema_migrations", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                done[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var applied = 0;
        foreach (var (id, sql) in module.Scripts())
        {
            var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
            if (done.TryGetValue(id, out var recorded))
            {
                // A migration that live databases ran is never edited: a change is a new file.
                if (!string.Equals(recorded, checksum, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"Migration {id} of module {module.Module} was changed after it was applied. Add a new migration instead of editing it.");
                }

                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await Execute(connection, transaction, $"SET LOCAL search_path TO {schema}, public", cancellationToken);
            await Execute(connection, transaction, sql, cancellationToken);
            await using (var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_migrations (id, checksum) VALUES (@id, @checksum)", connection, transaction))
            {
                record.Parameters.AddWithValue("id", id);
                record.Parameters.AddWithValue("checksum", checksum);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Migration} of module {Module}", id, module.Module);
            applied++;
        }

        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // Migration scripts are embedded resources of our own assemblies, not input.
        await using var command = new NpgsqlCommand(sql, connection, transaction);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
