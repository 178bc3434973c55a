using System.Text.Json;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseFlow.Kernel.Outbox;

/// <summary>How the outbox dispatcher polls and retries; section <c>CaseFlow:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public int BatchSize { get; set; } = 100;

    /// <summary>The first retry delay; each later attempt waits twice as long, up to an hour.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Publishes every module's committed outbox messages through the mediator, in id order per module. Rows are claimed
/// with FOR UPDATE SKIP LOCKED, so several nodes share the work and no message is published by two at once; a message
/// whose handlers fail is retried with a growing delay. Delivery is at least once: handlers are idempotent.
/// </summary>
public sealed class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IEnumerable<ModuleMigrations> modules,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    OutboxOptions options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly string[] _schemas = [.. modules.Select(m => m.Schema).Distinct()];

    /// <summary>Publishes what is due in every module once; returns how many messages were handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var handled = 0;
        foreach (var schema in _schemas)
        {
            handled += await DispatchSchemaAsync(schema, cancellationToken);
        }

        return handled;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await DispatchDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(ex, "The outbox could not be read; retrying");
            }

            // A full batch means more is waiting: go on at once.
            if (handled < options.BatchSize)
            {
                try
                {
                    await Task.Delay(options.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<int> DispatchSchemaAsync(string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new List<(long Id, string Type, string Payload, int Attempts)>();
#pragma warning disable CA2100 // The schema is one of the registered module schemas, not input.
        await using (var claim = new NpgsqlCommand(
            $"""
            SELECT id, type, payload::text, attempts FROM "{schema}".outbox
            WHERE dispatched_at IS NULL AND next_attempt_at <= @now
            ORDER BY id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
            """,
            connection,
            transaction))
#pragma warning restore CA2100
        {
            claim.Parameters.AddWithValue("now", clock.GetUtcNow());
            claim.Parameters.AddWithValue("limit", options.BatchSize);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                batch.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
        }

        foreach (var (id, type, payload, attempts) in batch)
        {
            string? error = null;
            try
            {
                var notificationType = System.Type.GetType(type, throwOnError: true)!;
                var notification = (INotification)JsonSerializer.Deserialize(payload, notificationType, OutboxJson.Options)!;
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(notification, cancellationToken);
            }
#pragma warning disable CA1031 // A failing handler must not stop the other messages; the failure is recorded and retried.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                error = ex.ToString();
                logger.LogWarning(ex, "Outbox message {Id} of {Schema} ({Type}) failed on attempt {Attempt}", id, schema, type, attempts + 1);
            }

            await MarkAsync(connection, transaction, schema, id, attempts, error, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    private async Task MarkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, long id, int attempts, string? error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var delay = TimeSpan.FromTicks(Math.Min(options.FirstRetryDelay.Ticks * (1L << Math.Min(attempts, 20)), TimeSpan.FromHours(1).Ticks));
#pragma warning disable CA2100 // The schema is one of the registered module schemas, not input.
        await using var mark = new NpgsqlCommand(
            error is null
                ? $"""UPDATE "{schema}".outbox SET dispatched_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = @id"""
                : $"""UPDATE "{schema}".outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @next WHERE id = @id""",
            connection,
            transaction);
#pragma warning restore CA2100
        mark.Parameters.AddWithValue("id", id);
        mark.Parameters.AddWithValue("now", now);
        mark.Parameters.AddWithValue("next", now + delay);
        mark.Parameters.AddWithValue("error", (object?)error ?? DBNull.Value);
        await mark.ExecuteNonQueryAsync(cancellationToken);
    }
}

public static class OutboxRegistration
{
    /// <summary>Runs the outbox dispatcher over every registered module schema.</summary>
    public static IServiceCollection AddOutboxDispatcher(this IServiceCollection services, OutboxOptions? options = null)
    {
        services.AddSingleton(options ?? new OutboxOptions());
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
