using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Model;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CaseFlow.Workflow.Persistence;

/// <summary>
/// Durable execution on PostgreSQL. Every trigger is one transaction: lock the instance row, apply the trigger with
/// the engine, write the new snapshot, the open tasks and timers that changed, the history and the idempotency row,
/// commit. Concurrent triggers on one instance therefore take turns on the row lock and none is lost.
/// </summary>
public sealed class WorkflowRuntime(
    NpgsqlDataSource dataSource,
    WorkflowEngine engine,
    IServiceTaskPort services,
    TimeProvider time,
    WorkflowOptions options,
    ILogger<WorkflowRuntime> logger)
{
    private const int Attempts = 3;

    private readonly ConcurrentDictionary<(string Key, int Version), ProcessDefinition> _definitions = new();

    /// <summary>Stores a definition as a new immutable version, or returns the version that has the same content.</summary>
    public async Task<DeployResult> DeployAsync(string xml, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var loaded = BpmnLoader.LoadXml(xml);
        if (loaded.Definition is null)
        {
            return new DeployResult(null, loaded.Problems);
        }

        var key = loaded.Definition.Id;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(xml)));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Deploys of one key take turns so that version numbers are dense and one content gets one version.
        await using (var lockKey = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@key))", ("key", key)))
        {
            await lockKey.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var existing = Command(connection, transaction,
            "SELECT version FROM workflow.definitions WHERE key = @key AND content_hash = @hash", ("key", key), ("hash", hash)))
        {
            if (await existing.ExecuteScalarAsync(cancellationToken) is int version)
            {
                await transaction.CommitAsync(cancellationToken);
                return new DeployResult(new DeployedDefinition(key, version, hash, loaded.Definition.Name, IsNew: false), loaded.Problems);
            }
        }

        await using var insert = Command(connection, transaction, """
            INSERT INTO workflow.definitions (key, version, content_hash, name, xml, deployed_at)
            SELECT @key, coalesce(max(version), 0) + 1, @hash, @name, @xml, @now FROM workflow.definitions WHERE key = @key
            RETURNING version
            """, ("key", key), ("hash", hash), ("name", loaded.Definition.Name), ("xml", xml), ("now", time.GetUtcNow()));
        var newVersion = (int)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        _definitions[(key, newVersion)] = loaded.Definition;
        return new DeployResult(new DeployedDefinition(key, newVersion, hash, loaded.Definition.Name, IsNew: true), loaded.Problems);
    }

    /// <summary>Every stored version, newest first per key.</summary>
    public async Task<IReadOnlyList<DeployedDefinition>> ListDefinitionsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT key, version, content_hash, name FROM workflow.definitions ORDER BY key, version DESC");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<DeployedDefinition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new DeployedDefinition(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), false));
        }

        return result;
    }

    /// <summary>The newest deployed version of a definition and its parsed process (from the cache), or null when none has the key.</summary>
    public async Task<(int Version, ProcessDefinition Definition)?> GetNewestDefinitionAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, xml FROM workflow.definitions WHERE key = $1 ORDER BY version DESC LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var version = reader.GetInt32(0);
        return (version, _definitions.TryGetValue((key, version), out var cached) ? cached : Definition(key, version, reader.GetString(1)));
    }

    /// <summary>The XML of one stored version (for rendering), or null.</summary>
    public async Task<string?> GetDefinitionXmlAsync(string key, int version, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT xml FROM workflow.definitions WHERE key = $1 AND version = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Starts an instance of the newest version of a definition at its none start event.</summary>
    public Task<TriggerOutcome> StartAsync(
        string definitionKey,
        IReadOnlyDictionary<string, object?>? variables = null,
        string? businessKey = null,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default) =>
        StartCoreAsync(definitionKey, new StartInstance(variables), businessKey, idempotencyKey, cancellationToken);

    /// <summary>Starts an instance of the newest version of a definition at the message start event for the message.</summary>
    public Task<TriggerOutcome> StartByMessageAsync(
        string definitionKey,
        string messageName,
        IReadOnlyDictionary<string, object?>? variables = null,
        string? businessKey = null,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default) =>
        StartCoreAsync(definitionKey, new StartInstance(variables, messageName), businessKey, idempotencyKey, cancellationToken);

    /// <summary>Completes an open user task. Whether the actor may do so is the caller's check (roles live in the Host).</summary>
    public Task<TriggerOutcome> CompleteTaskAsync(
        Guid instanceId,
        string taskId,
        string? actor,
        string? outcome = null,
        IReadOnlyDictionary<string, object?>? variables = null,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default) =>
        TriggerAsync(instanceId, new CompleteUserTask(taskId, actor, outcome, variables), idempotencyKey, cancellationToken);

    public Task<TriggerOutcome> CorrelateMessageAsync(
        Guid instanceId,
        string messageName,
        IReadOnlyDictionary<string, object?>? variables = null,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default) =>
        TriggerAsync(instanceId, new CorrelateMessage(messageName, variables), idempotencyKey, cancellationToken);

    /// <summary>Correlates a message to the oldest running instance with the business key (a case number, for instance).</summary>
    public async Task<TriggerOutcome> CorrelateMessageAsync(
        string businessKey,
        string messageName,
        IReadOnlyDictionary<string, object?>? variables = null,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id FROM workflow.instances WHERE business_key = $1 AND status = 'Running' ORDER BY started_at, id LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = businessKey });
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id
            ? await CorrelateMessageAsync(id, messageName, variables, idempotencyKey, cancellationToken)
            : new TriggerOutcome(Guid.Empty, false, $"no running instance has business key '{businessKey}'", null, [], 0);
    }

    /// <summary>Applies any trigger to an instance (service task results from an outside worker, for instance).</summary>
    public async Task<TriggerOutcome> TriggerAsync(Guid instanceId, WorkflowTrigger trigger, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return await WithRetry(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (idempotencyKey is not null && await ClaimAsync(connection, transaction, idempotencyKey, instanceId, cancellationToken) is { } first)
            {
                return first;
            }

            // The writes, the idempotency record and the COMMIT go in one batch: one round trip after the row lock.
            var outcome = (await ApplyLockedAsync(connection, transaction, instanceId, trigger, skipLocked: false, new Finish(idempotencyKey), cancellationToken))!;
            if (!outcome.Applied)
            {
                await transaction.RollbackAsync(cancellationToken);
            }

            return outcome;
        }, cancellationToken);
    }

    /// <summary>
    /// Fires timers that are due, claiming at most a batch with FOR UPDATE SKIP LOCKED so several workers (on several
    /// nodes) share the work and never fire one timer twice at once. An instance another transaction holds is skipped
    /// and retried by the next sweep; a timer whose trigger fails is retried after a delay. Returns the timers handled.
    /// </summary>
    public async Task<int> FireDueTimersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = new List<(Guid Instance, string Timer)>();
        await using (var claim = Command(connection, transaction, """
            SELECT instance_id, timer_id FROM workflow.timers
            WHERE due_at <= @now ORDER BY due_at LIMIT @batch
            FOR UPDATE SKIP LOCKED
            """, ("now", time.GetUtcNow()), ("batch", options.TimerBatchSize)))
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        var handled = 0;
        foreach (var (instanceId, timerId) in due)
        {
            await transaction.SaveAsync("timer", cancellationToken);
            try
            {
                var outcome = await ApplyLockedAsync(connection, transaction, instanceId, new FireTimer(timerId), skipLocked: true, finish: null, cancellationToken);
                if (outcome is null)
                {
                    await transaction.ReleaseAsync("timer", cancellationToken);
                    continue;
                }

                if (!outcome.Applied)
                {
                    await FailTimerAsync(connection, transaction, instanceId, timerId, outcome.Error!, cancellationToken);
                }

                await transaction.ReleaseAsync("timer", cancellationToken);
                handled++;
            }
            catch (PostgresException e)
            {
                await transaction.RollbackAsync("timer", cancellationToken);
                logger.LogWarning(e, "Timer {Timer} of instance {Instance} failed; it stays due", timerId, instanceId);
            }
#pragma warning disable CA1031 // A failing service task handler must not stop the sweep for every other timer.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                await transaction.RollbackAsync("timer", cancellationToken);
                await using var retry = Command(connection, transaction, """
                    UPDATE workflow.timers SET attempts = attempts + 1, last_error = @error, due_at = @retryAt
                    WHERE instance_id = @id AND timer_id = @timer
                    """, ("id", instanceId), ("timer", timerId), ("error", e.Message), ("retryAt", time.GetUtcNow() + options.TimerRetryDelay));
                await retry.ExecuteNonQueryAsync(cancellationToken);
                logger.LogWarning(e, "Timer {Timer} of instance {Instance} failed; retrying after {Delay}", timerId, instanceId, options.TimerRetryDelay);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return handled;
    }

    public async Task<InstanceView?> GetInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT definition_key, definition_version, business_key, status, version, state, started_at, ended_at
            FROM workflow.instances WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new InstanceView(
            instanceId,
            reader.GetString(0),
            reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            Enum.Parse<InstanceStatus>(reader.GetString(3)),
            reader.GetInt64(4),
            StateJson.Read(reader.GetString(5)),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7));
    }

    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, kind, element_id, task_id, actor, outcome, cancelled, at FROM workflow.history WHERE instance_id = $1 ORDER BY id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<HistoryEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new HistoryEntry(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetBoolean(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return result;
    }

    /// <summary>Open user tasks ordered by due date (none last), paged by keyset.</summary>
    public async Task<TaskPage> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = Math.Clamp(query.PageSize, 1, 500);
        var sql = new StringBuilder("""
            SELECT instance_id, task_id, element_id, name, assignee, candidate_role, candidate_department, due_at, created_at, pauses_clock
            FROM workflow.user_tasks WHERE true
            """);
        await using var command = dataSource.CreateCommand();
        void Filter(string column, string? value)
        {
            if (value is not null)
            {
                sql.Append(CultureInfo.InvariantCulture, $" AND {column} = @{column}");
                command.Parameters.AddWithValue(column, value);
            }
        }

        Filter("assignee", query.Assignee);
        Filter("candidate_role", query.CandidateRole);
        Filter("candidate_department", query.CandidateDepartment);
        if (query.After is not null)
        {
            if (!Cursor.TryRead(query.After, out var due, out var instance, out var task))
            {
                throw new ArgumentException("the cursor is not one this query returned", nameof(query));
            }

            sql.Append(" AND (due_sort, instance_id, task_id) > (coalesce(@afterDue, 'infinity'::timestamptz), @afterInstance, @afterTask)");
            command.Parameters.Add(new NpgsqlParameter("afterDue", NpgsqlDbType.TimestampTz) { Value = due.HasValue ? due.Value : DBNull.Value });
            command.Parameters.AddWithValue("afterInstance", instance);
            command.Parameters.AddWithValue("afterTask", task);
        }

        sql.Append(" ORDER BY due_sort, instance_id, task_id LIMIT @limit");
        command.Parameters.AddWithValue("limit", size + 1);
#pragma warning disable CA2100 // Only fixed column names are appended; every value is a parameter.
        command.CommandText = sql.ToString();
#pragma warning restore CA2100
        var items = new List<WorkflowTask>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new WorkflowTask(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                    reader.GetFieldValue<DateTimeOffset>(8),
                    reader.GetBoolean(9)));
            }
        }

        if (items.Count <= size)
        {
            return new TaskPage(items, null);
        }

        items.RemoveAt(size);
        var last = items[^1];
        return new TaskPage(items, Cursor.Write(last.DueAt, last.InstanceId, last.TaskId));
    }

    private async Task<TriggerOutcome> StartCoreAsync(string definitionKey, StartInstance trigger, string? businessKey, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitionKey);
        return await WithRetry(async () =>
        {
            var now = time.GetUtcNow();
            var instanceId = Guid.CreateVersion7(now);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (idempotencyKey is not null && await ClaimAsync(connection, transaction, idempotencyKey, instanceId, cancellationToken) is { } first)
            {
                return first;
            }

            // Only the newest version number: the parsed definition comes from the cache (the XML is read on a miss).
            int version;
            await using (var latest = Command(connection, transaction,
                "SELECT max(version) FROM workflow.definitions WHERE key = @key", ("key", definitionKey)))
            {
                if (await latest.ExecuteScalarAsync(cancellationToken) is not int newest)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new TriggerOutcome(instanceId, false, $"no definition '{definitionKey}' is deployed", null, [], 0);
                }

                version = newest;
            }

            var definition = await DefinitionAsync(connection, transaction, definitionKey, version, cancellationToken);
            var result = await engine.ApplyAsync(definition, null, trigger, now, new InstancePort(services, instanceId, businessKey), cancellationToken);
            if (!result.Applied)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new TriggerOutcome(instanceId, false, result.Error, null, [], 0);
            }

            var state = result.State!;
            var insert = BatchCommand("""
                INSERT INTO workflow.instances (id, definition_key, definition_version, business_key, status, state, version, started_at, updated_at, ended_at)
                VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7, $8)
                """, instanceId, definitionKey, version, businessKey, state.Status.ToString(), Jsonb(StateJson.Write(state)), now, state.EndedAt);
            var outcome = new TriggerOutcome(instanceId, true, null, state.Status, state.ActiveElements, 1);
            await WriteRuntimeAsync(connection, transaction, insert, instanceId, null, state, result.Events, outcome, new Finish(idempotencyKey), cancellationToken);
            return outcome;
        }, cancellationToken);
    }

    /// <summary>Locks the instance row and applies the trigger. With skipLocked, returns null when another transaction holds it.</summary>
    private async Task<TriggerOutcome?> ApplyLockedAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid instanceId,
        WorkflowTrigger trigger,
        bool skipLocked,
        Finish? finish,
        CancellationToken cancellationToken)
    {
        string key;
        int definitionVersion;
        string json;
        long version;
        string? businessKey;
        await using (var select = Command(connection, transaction, $"""
            SELECT i.definition_key, i.definition_version, i.state, i.version, i.business_key
            FROM workflow.instances i WHERE i.id = @id
            FOR UPDATE{(skipLocked ? " SKIP LOCKED" : "")}
            """, ("id", instanceId)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return skipLocked ? null : new TriggerOutcome(instanceId, false, $"there is no instance {instanceId}", null, [], 0);
            }

            key = reader.GetString(0);
            definitionVersion = reader.GetInt32(1);
            json = reader.GetString(2);
            version = reader.GetInt64(3);
            businessKey = reader.IsDBNull(4) ? null : reader.GetString(4);
        }

        var definition = await DefinitionAsync(connection, transaction, key, definitionVersion, cancellationToken);
        var state = StateJson.Read(json);
        var result = await engine.ApplyAsync(definition, state, trigger, time.GetUtcNow(), new InstancePort(services, instanceId, businessKey), cancellationToken);
        if (!result.Applied)
        {
            return new TriggerOutcome(instanceId, false, result.Error, state.Status, state.ActiveElements, version);
        }

        var next = result.State!;
        var update = BatchCommand("""
            UPDATE workflow.instances SET state = $2, status = $3, version = version + 1, updated_at = $4, ended_at = $5
            WHERE id = $1
            """, instanceId, Jsonb(StateJson.Write(next)), next.Status.ToString(), time.GetUtcNow(), next.EndedAt);
        var outcome = new TriggerOutcome(instanceId, true, null, next.Status, next.ActiveElements, version + 1);
        await WriteRuntimeAsync(connection, transaction, update, instanceId, state, next, result.Events, outcome, finish, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Writes the instance row (its INSERT or UPDATE), brings the task and timer rows in line with the new state and
    /// appends the events to history, all in one batch: one round trip, so the instance's row lock is held for as
    /// little client latency as possible (the engine benchmark showed sessions idle in transaction, waiting for the
    /// client, as the largest share of a trigger's time; docs/BENCHMARKS.md).
    /// </summary>
    private static async Task WriteRuntimeAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        NpgsqlBatchCommand instanceRow,
        Guid instanceId,
        InstanceState? before,
        InstanceState after,
        IReadOnlyList<WorkflowEvent> events,
        TriggerOutcome outcome,
        Finish? finish,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        // First, so that the task and timer rows' foreign keys find a new instance.
        batch.BatchCommands.Add(instanceRow);
        var oldTasks = before?.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        var newTasks = after.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var oldTimers = before?.Timers.Select(t => t.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        var newTimers = after.Timers.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);

        var goneTasks = oldTasks.Except(newTasks).ToArray();
        if (goneTasks.Length > 0)
        {
            batch.BatchCommands.Add(BatchCommand("DELETE FROM workflow.user_tasks WHERE instance_id = $1 AND task_id = ANY($2)", instanceId, goneTasks));
        }

        foreach (var task in after.Tasks.Where(t => !oldTasks.Contains(t.Id)))
        {
            batch.BatchCommands.Add(BatchCommand("""
                INSERT INTO workflow.user_tasks (instance_id, task_id, element_id, name, assignee, candidate_role, candidate_department, due_at, created_at, pauses_clock)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                """, instanceId, task.Id, task.ElementId, task.Name, task.Assignee, task.CandidateRole, task.CandidateDepartment, task.DueAt, task.CreatedAt, task.PausesClock));
        }

        var goneTimers = oldTimers.Except(newTimers).ToArray();
        if (goneTimers.Length > 0)
        {
            batch.BatchCommands.Add(BatchCommand("DELETE FROM workflow.timers WHERE instance_id = $1 AND timer_id = ANY($2)", instanceId, goneTimers));
        }

        foreach (var timer in after.Timers.Where(t => !oldTimers.Contains(t.Id)))
        {
            batch.BatchCommands.Add(BatchCommand(
                "INSERT INTO workflow.timers (instance_id, timer_id, element_id, due_at) VALUES ($1, $2, $3, $4)",
                instanceId, timer.Id, timer.ElementId, timer.DueAt));
        }

        if (events.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand("""
                INSERT INTO workflow.history (instance_id, kind, element_id, task_id, actor, outcome, cancelled, at)
                SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::timestamptz[])
                """,
                instanceId,
                events.Select(e => e.Kind.ToString()).ToArray(),
                events.Select(e => e.ElementId).ToArray(),
                events.Select(e => e.TaskId).ToArray(),
                events.Select(e => e.Actor).ToArray(),
                events.Select(e => e.Outcome).ToArray(),
                events.Select(e => e.Cancelled).ToArray(),
                events.Select(e => e.At).ToArray()));
        }

        if (finish is not null)
        {
            if (finish.IdempotencyKey is not null)
            {
                batch.BatchCommands.Add(BatchCommand(
                    "UPDATE workflow.processed_triggers SET result = $2, instance_id = $3 WHERE idempotency_key = $1",
                    finish.IdempotencyKey, Jsonb(JsonSerializer.Serialize(outcome, StateJson.Options)), outcome.InstanceId));
            }

            // The COMMIT rides in the same round trip. If any statement before it fails, PostgreSQL skips the rest of
            // the batch (COMMIT included) and the transaction is rolled back when it is disposed.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ends the trigger's transaction inside the write batch: records the idempotency key's result, then commits.</summary>
    private sealed record Finish(string? IdempotencyKey);

    /// <summary>
    /// Claims an idempotency key for this transaction. A second transaction with the same key waits on the unique index
    /// until the first commits, then finds its result; if the first rolled back, the key is free again.
    /// </summary>
    private static async Task<TriggerOutcome?> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, Guid instanceId, CancellationToken cancellationToken)
    {
        await using (var claim = Command(connection, transaction, """
            INSERT INTO workflow.processed_triggers (idempotency_key, instance_id, processed_at) VALUES (@key, @instance, now())
            ON CONFLICT (idempotency_key) DO NOTHING
            """, ("key", key), ("instance", instanceId)))
        {
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return null;
            }
        }

        await using var read = Command(connection, transaction, "SELECT result FROM workflow.processed_triggers WHERE idempotency_key = @key", ("key", key));
        var stored = await read.ExecuteScalarAsync(cancellationToken) as string;
        await transaction.RollbackAsync(cancellationToken);
        var first = stored is null ? null : JsonSerializer.Deserialize<TriggerOutcome>(stored, StateJson.Options);
        return first is null
            ? new TriggerOutcome(instanceId, false, $"the trigger with idempotency key '{key}' has no recorded result", null, [], 0, Duplicate: true)
            : first with { Duplicate = true };
    }

    private async Task FailTimerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId, string timerId, string error, CancellationToken cancellationToken)
    {
        await using var exists = Command(connection, transaction, "SELECT state -> 'Timers' @> jsonb_build_array(jsonb_build_object('Id', @timer::text)) FROM workflow.instances WHERE id = @id",
            ("id", instanceId), ("timer", timerId));
        if (await exists.ExecuteScalarAsync(cancellationToken) is true)
        {
            // The timer is pending but its trigger failed (an expression error, say): try again later, keep the reason.
            await using var retry = Command(connection, transaction, """
                UPDATE workflow.timers SET attempts = attempts + 1, last_error = @error, due_at = @retryAt
                WHERE instance_id = @id AND timer_id = @timer
                """, ("id", instanceId), ("timer", timerId), ("error", error), ("retryAt", time.GetUtcNow() + options.TimerRetryDelay));
            await retry.ExecuteNonQueryAsync(cancellationToken);
            logger.LogWarning("Timer {Timer} of instance {Instance} could not fire: {Error}", timerId, instanceId, error);
            return;
        }

        // The instance no longer waits for this timer (it fired already or was cancelled): the row is stale.
        await using var delete = Command(connection, transaction, "DELETE FROM workflow.timers WHERE instance_id = @id AND timer_id = @timer", ("id", instanceId), ("timer", timerId));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<ProcessDefinition> DefinitionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, int version, CancellationToken cancellationToken)
    {
        if (_definitions.TryGetValue((key, version), out var cached))
        {
            return cached;
        }

        await using var select = Command(connection, transaction, "SELECT xml FROM workflow.definitions WHERE key = @key AND version = @version", ("key", key), ("version", version));
        var xml = (string)(await select.ExecuteScalarAsync(cancellationToken))!;
        return Definition(key, version, xml);
    }

    private ProcessDefinition Definition(string key, int version, string xml) =>
        _definitions.GetOrAdd((key, version), _ => BpmnLoader.LoadXml(xml).Definition
            ?? throw new InvalidOperationException($"stored definition {key} v{version} no longer validates"));

    /// <summary>Retries a transaction that PostgreSQL aborted to break a deadlock or a serialization conflict.</summary>
    private async Task<TriggerOutcome> WithRetry(Func<Task<TriggerOutcome>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (PostgresException e) when (attempt < Attempts && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                logger.LogInformation("Retrying a workflow trigger after {SqlState}", e.SqlState);
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), time, cancellationToken);
            }
        }
    }

    private static NpgsqlParameter Jsonb(string json) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = json };

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
#pragma warning disable CA2100 // Fixed SQL text; every value is a parameter.
        var command = new NpgsqlCommand(sql, connection, transaction);
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            if (value is NpgsqlParameter parameter)
            {
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            else
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
        }

        return command;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            // A prepared parameter (jsonb, say) keeps its type; other values are inferred.
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}

internal static class StateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static string Write(InstanceState state) => JsonSerializer.Serialize(state, Options);

    public static InstanceState Read(string json) => JsonSerializer.Deserialize<InstanceState>(json, Options)
        ?? throw new InvalidOperationException("an instance row holds no state");
}

/// <summary>Keyset cursor: the due date, instance and task of the last row of a page.</summary>
internal static class Cursor
{
    public static string Write(DateTimeOffset? due, Guid instance, string task) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('|',
            due?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "", instance.ToString("N"), task)));

    public static bool TryRead(string cursor, out DateTimeOffset? due, out Guid instance, out string task)
    {
        due = null;
        instance = Guid.Empty;
        task = "";
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('|', 3);
            if (parts.Length != 3 || !Guid.TryParseExact(parts[1], "N", out instance))
            {
                return false;
            }

            if (parts[0].Length > 0)
            {
                if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                {
                    return false;
                }

                due = new DateTimeOffset(ticks, TimeSpan.Zero);
            }

            task = parts[2];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>Tells the service-task port which instance (and business key) a task runs for.</summary>
internal sealed class InstancePort(IServiceTaskPort inner, Guid instanceId, string? businessKey) : IServiceTaskPort
{
    public ValueTask<IReadOnlyDictionary<string, object?>?> InvokeAsync(InvokeServiceTask task, CancellationToken cancellationToken) =>
        inner.InvokeAsync(task with { InstanceId = instanceId, BusinessKey = businessKey }, cancellationToken);
}
