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

    /// <summary>
    /// The most rows one pass claims. A run of one type whose handlers all have a batch form is delivered in one call
    /// however long it is; other messages are delivered one at a time, at most <see cref="OneAtATimeLimit"/> per pass.
    /// </summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// The most messages one pass delivers one at a time. Their handlers run while the claim's transaction stays open, so
    /// this bounds how long a pass holds its rows; claimed rows after the limit are left for the next pass.
    /// </summary>
    public int OneAtATimeLimit { get; set; } = 100;

    /// <summary>The first retry delay; each later attempt waits twice as long, up to an hour.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Publishes every module's committed outbox messages through the mediator, in id order per module. Rows are claimed
/// with FOR UPDATE SKIP LOCKED, so several nodes share the work and no message is published by two at once; a message
/// whose handlers fail is retried with a growing delay. Delivery is at least once: handlers are idempotent.
/// A run of consecutive messages of one type whose handlers all have a batch form
/// (<see cref="IBatchNotificationHandler{TNotification}"/>) goes to them in one call, in the claim's transaction with
/// the rows' marks; a run that fails is delivered again one message at a time, as messages of other types always are.
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

    private bool _moreWaiting;

    /// <summary>Publishes what is due in every module once; returns how many messages were handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var handled = 0;
        _moreWaiting = false;
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
            var more = false;
            try
            {
                await DispatchDueAsync(stoppingToken);
                more = _moreWaiting;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(ex, "The outbox could not be read; retrying");
            }

            // A full claim, or claimed rows left for the next pass, mean more is waiting: go on at once.
            if (!more)
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
        var batch = new List<Row>();
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
                batch.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
        }

        var handled = 0;
        var oneAtATime = 0;
        var oneAtATimeLimit = Math.Max(1, options.OneAtATimeLimit);
        foreach (var run in Runs(batch))
        {
            if (await TryDeliverRunAsync(connection, transaction, schema, run, cancellationToken))
            {
                handled += run.Count;
                continue;
            }

            foreach (var row in run)
            {
                if (oneAtATime == oneAtATimeLimit)
                {
                    // The rest stays claimed only until the commit below, and keeps its order for the next pass.
                    break;
                }

                var error = await DeliverOneAsync(schema, row, cancellationToken);
                await MarkAsync(connection, transaction, schema, row.Id, row.Attempts, error, cancellationToken);
                oneAtATime++;
                handled++;
            }

            if (oneAtATime == oneAtATimeLimit)
            {
                break;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        _moreWaiting |= batch.Count == options.BatchSize || handled < batch.Count;
        return handled;
    }

    /// <summary>
    /// The claimed rows cut into runs of consecutive rows of one type, so that delivering a run at once keeps the id
    /// order. A row that failed before is a run of its own: a known bad message never takes a run down with it again.
    /// </summary>
    private static IEnumerable<List<Row>> Runs(List<Row> rows)
    {
        List<Row>? run = null;
        foreach (var row in rows)
        {
            if (run is not null && (row.Attempts > 0 || run[0].Attempts > 0 || !string.Equals(run[0].Type, row.Type, StringComparison.Ordinal)))
            {
                yield return run;
                run = null;
            }

            (run ??= []).Add(row);
        }

        if (run is not null)
        {
            yield return run;
        }
    }

    /// <summary>
    /// Delivers a run in one call to each handler of its type, inside the claim's transaction and together with the
    /// rows' marks, when every handler of the type is an <see cref="IBatchNotificationHandler{TNotification}"/>. The run
    /// is wrapped in a savepoint: when a handler fails, the run's writes are rolled back and the caller delivers the run
    /// one message at a time, so one bad message cannot hold back the others and is retried on its own. False: deliver
    /// one at a time (a type with a handler that has no batch form, a row that failed before, a payload that cannot be read).
    /// A lost connection is not a handler's failure: it ends the delivery, whose transaction the server rolls back.
    /// </summary>
    private async Task<bool> TryDeliverRunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, List<Row> run, CancellationToken cancellationToken)
    {
        if (run[0].Attempts > 0 || System.Type.GetType(run[0].Type, throwOnError: false) is not { } notificationType
            || !typeof(INotification).IsAssignableFrom(notificationType))
        {
            return false;
        }

        var delivery = RunDelivery.For(notificationType);
        var notifications = new List<INotification>(run.Count);
        foreach (var row in run)
        {
            try
            {
                notifications.Add((INotification)JsonSerializer.Deserialize(row.Payload, notificationType, OutboxJson.Options)!);
            }
            catch (JsonException)
            {
                // The one-at-a-time path records the error against the row that cannot be read.
                return false;
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        if (!delivery.Resolve(scope.ServiceProvider))
        {
            return false;
        }

        const string Savepoint = "outbox_run";
        await transaction.SaveAsync(Savepoint, cancellationToken);
        try
        {
            await delivery.DeliverAsync(notifications, transaction, cancellationToken);
            await MarkDeliveredAsync(connection, transaction, schema, [.. run.Select(r => r.Id)], $"RELEASE SAVEPOINT {Savepoint}", cancellationToken);
            return true;
        }
#pragma warning disable CA1031 // A failing run is delivered again one message at a time; each failure is recorded there.
        catch (Exception ex) when (ex is not OperationCanceledException && connection.FullState == System.Data.ConnectionState.Open)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "A run of {Count} outbox messages of {Schema} ({Type}) failed; delivering them one at a time", run.Count, schema, notificationType.Name);
            await transaction.RollbackAsync(Savepoint, cancellationToken);
            return false;
        }
    }

    private async Task<string?> DeliverOneAsync(string schema, Row row, CancellationToken cancellationToken)
    {
        try
        {
            var notificationType = System.Type.GetType(row.Type, throwOnError: true)!;
            var notification = (INotification)JsonSerializer.Deserialize(row.Payload, notificationType, OutboxJson.Options)!;
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(notification, cancellationToken);
            return null;
        }
#pragma warning disable CA1031 // A failing handler must not stop the other messages; the failure is recorded and retried.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Outbox message {Id} of {Schema} ({Type}) failed on attempt {Attempt}", row.Id, schema, row.Type, row.Attempts + 1);
            return ex.ToString();
        }
    }

    /// <summary>Marks a run delivered and, in the same round trip, runs <paramref name="then"/> (releasing the run's savepoint).</summary>
    private async Task MarkDeliveredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, long[] ids, string then, CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // The schema is one of the registered module schemas, not input; the second statement is a constant.
        await using var mark = new NpgsqlCommand(
            $"""UPDATE "{schema}".outbox SET dispatched_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = ANY(@ids); {then}""",
            connection,
            transaction);
#pragma warning restore CA2100
        mark.Parameters.AddWithValue("ids", ids);
        mark.Parameters.AddWithValue("now", clock.GetUtcNow());
        await mark.ExecuteNonQueryAsync(cancellationToken);
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

    private sealed record Row(long Id, string Type, string Payload, int Attempts);

    /// <summary>Calls the batch handlers of a notification type known only at run time.</summary>
    private abstract class RunDelivery
    {
        public static RunDelivery For(Type notificationType) =>
            (RunDelivery)Activator.CreateInstance(typeof(RunDelivery<>).MakeGenericType(notificationType))!;

        /// <summary>Takes the type's handlers from the scope; false unless there are some and every one has a batch form.</summary>
        public abstract bool Resolve(IServiceProvider services);

        public abstract Task DeliverAsync(List<INotification> notifications, NpgsqlTransaction transaction, CancellationToken cancellationToken);
    }

    private sealed class RunDelivery<TNotification> : RunDelivery
        where TNotification : INotification
    {
        private List<IBatchNotificationHandler<TNotification>> _handlers = [];

        public override bool Resolve(IServiceProvider services)
        {
            var handlers = services.GetServices<INotificationHandler<TNotification>>().ToList();
            _handlers = [.. handlers.OfType<IBatchNotificationHandler<TNotification>>()];
            return handlers.Count > 0 && _handlers.Count == handlers.Count;
        }

        public override async Task DeliverAsync(List<INotification> notifications, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            var typed = notifications.Cast<TNotification>().ToList();
            foreach (var handler in _handlers)
            {
                await handler.Handle(typed, transaction, cancellationToken);
            }
        }
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
