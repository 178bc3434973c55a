using System.Globalization;
using Npgsql;

namespace CaseFlow.Benchmarks;

/// <summary>
/// Samples pg_stat_activity every few milliseconds while the runtime runs and counts what its sessions are doing:
/// a poor man's wait-event profile that shows whether time goes to the server (CPU, I/O, WAL flush, locks) or to
/// the client (sessions idle in transaction wait for the benchmark process; idle ones for a new trigger).
/// </summary>
public sealed class WaitSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _samples;

    public WaitSampler(string connectionString, string database)
    {
        _loop = Task.Run(() => LoopAsync(connectionString, database));
    }

    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var total = _counts.Values.Sum();
        return string.Join('\n', _counts.OrderByDescending(c => c.Value).Take(12).Select(c =>
            string.Create(CultureInfo.InvariantCulture, $"  {100.0 * c.Value / Math.Max(1, total),5:0.0} %  {c.Key}")))
            + string.Create(CultureInfo.InvariantCulture, $"\n  ({_samples} samples of the runtime's sessions)");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(string connectionString, string database)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT state || coalesce(' / ' || wait_event_type || ':' || wait_event, '') FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        await command.PrepareAsync();
        while (!_stop.IsCancellationRequested)
        {
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var key = reader.IsDBNull(0) ? "(no state)" : reader.GetString(0);
                    _counts[key] = _counts.GetValueOrDefault(key) + 1;
                }
            }

            _samples++;
            try
            {
                await Task.Delay(5, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
