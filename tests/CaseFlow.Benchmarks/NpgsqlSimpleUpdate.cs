using System.Diagnostics;
using Npgsql;

namespace CaseFlow.Benchmarks;

/// <summary>
/// pgbench's -N transaction issued from .NET through Npgsql, by the same number of clients, each taking a pooled
/// connection per transaction as the runtime does per trigger. It calibrates the client side: the runtime's clients
/// share the machine's cores with the server, pgbench's C client barely does; this shows what the .NET client stack
/// alone costs against pgbench on this machine, before any workflow work.
/// </summary>
public static class NpgsqlSimpleUpdate
{
    public static async Task<double> RunAsync(BenchCluster cluster, int clients, int scale, int seconds)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var builder = new NpgsqlConnectionStringBuilder(cluster.Server.ConnectionStringFor(PgBench.Database)) { MaxPoolSize = clients + 4 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var accounts = 100_000 * scale;
        long count = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var aid = Random.Shared.Next(1, accounts + 1);
                var delta = Random.Shared.Next(-5000, 5001);
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var update = new NpgsqlCommand("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2", connection, transaction))
                {
                    update.Parameters.Add(new NpgsqlParameter { Value = delta });
                    update.Parameters.Add(new NpgsqlParameter { Value = aid });
                    await update.ExecuteNonQueryAsync();
                }

                await using (var select = new NpgsqlCommand("SELECT abalance FROM pgbench_accounts WHERE aid = $1", connection, transaction))
                {
                    select.Parameters.Add(new NpgsqlParameter { Value = aid });
                    await select.ExecuteScalarAsync();
                }

                await using (var insert = new NpgsqlCommand(
                    "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)", connection, transaction))
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = Random.Shared.Next(1, (10 * scale) + 1) });
                    insert.Parameters.Add(new NpgsqlParameter { Value = Random.Shared.Next(1, scale + 1) });
                    insert.Parameters.Add(new NpgsqlParameter { Value = aid });
                    insert.Parameters.Add(new NpgsqlParameter { Value = delta });
                    await insert.ExecuteNonQueryAsync();
                }

                await transaction.CommitAsync();
                Interlocked.Increment(ref count);
            }
        }));
        await Task.WhenAll(workers);
        return count / clock.Elapsed.TotalSeconds;
    }
}
