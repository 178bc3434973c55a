using System.Data.Common;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Supervision.Features.Ledger;

internal sealed class RecordLedgerEntryValidator : AbstractValidator<RecordLedgerEntry>
{
    public RecordLedgerEntryValidator()
    {
        RuleFor(r => r.Kind).IsInEnum();
        RuleFor(r => r.SourceKey).NotEmpty().MaximumLength(200);
        RuleFor(r => r.SubjectType).NotEmpty().MaximumLength(50);
        RuleFor(r => r.SubjectId).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Summary).NotEmpty().MaximumLength(1000);
    }
}

internal sealed class RecordLedgerEntryHandler(SupervisionDbContext db, TimeProvider clock) : IRequestHandler<RecordLedgerEntry, LedgerEntryDto>
{
    public async Task<LedgerEntryDto> Handle(RecordLedgerEntry request, CancellationToken cancellationToken)
    {
        // A new entry is announced to the live feed in the same statement: PostgreSQL delivers a NOTIFY only when its
        // transaction commits, so listeners never hear of an entry that was rolled back; a redelivery inserts nothing
        // and announces nothing.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            WITH inserted AS (
                INSERT INTO supervision.ledger_entries (id, region_code, kind, source_key, subject_type, subject_id, actor, summary, occurred_at)
                VALUES ({Guid.CreateVersion7(clock.GetUtcNow())}, {SupervisionModule.DefaultRegion}, {request.Kind.ToString()}, {request.SourceKey},
                        {request.SubjectType}, {request.SubjectId}, {request.Actor}, {request.Summary}, {request.OccurredAt})
                ON CONFLICT (region_code, source_key) DO NOTHING
                RETURNING feed_seq, id, kind, subject_type, subject_id, occurred_at)
            SELECT pg_notify({LiveFeed.LedgerFeed.Channel}, json_build_object(
                'seq', feed_seq, 'id', id, 'kind', kind, 'subjectType', subject_type, 'subjectId', subject_id, 'occurredAt', occurred_at)::text)
            FROM inserted
            """,
            cancellationToken);
        var entry = await db.LedgerEntries.AsNoTracking()
            .SingleAsync(e => e.RegionCode == SupervisionModule.DefaultRegion && e.SourceKey == request.SourceKey, cancellationToken);
        return entry.ToDto();
    }
}

internal sealed class ListLedgerEntriesHandler(SupervisionDbContext db) : IRequestHandler<ListLedgerEntries, Page<LedgerEntryDto>>
{
    public async Task<Page<LedgerEntryDto>> Handle(ListLedgerEntries request, CancellationToken cancellationToken)
    {
        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.RegionCode == SupervisionModule.DefaultRegion && e.State == request.State)
            .OrderByDescending(e => e.OccurredAt).ThenBy(e => e.Id)
            .Take(request.Limit)
            .ToListAsync(cancellationToken);
        return new Page<LedgerEntryDto>([.. entries.Select(e => e.ToDto())], null);
    }
}

internal static class LedgerEndpoints
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/ledger", async (ISender sender, CancellationToken ct, LedgerEntryState? state, int? limit) =>
            {
                if (limit is < 1 or > 500)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 500."] });
                }

                return Results.Ok(await sender.Send(new ListLedgerEntries(state ?? LedgerEntryState.Open, limit ?? 100), ct));
            })
            .RequireAuthorization(Policies.Supervisors)
            .WithName("ListLedgerEntries")
            .WithSummary("Alerts and violations in one state, newest first.")
            .Produces<Page<LedgerEntryDto>>()
            .ProducesValidationProblem();
}

/// <summary>
/// Records many ledger entries in one statement, inside a transaction the caller owns (the outbox's delivery
/// transaction): the same rows and announcements as <see cref="RecordLedgerEntryHandler"/>, in the given order. An
/// entry whose source key is recorded already is skipped and not announced, so a redelivered batch adds nothing.
/// </summary>
internal static class LedgerBatch
{
    public static async Task<int> RecordAsync(IReadOnlyList<RecordLedgerEntry> entries, DbTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return 0;
        }

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        // feed_seq is taken in the order rows are inserted, which is the batch's order; the announcements are sent in
        // feed order, and PostgreSQL delivers them only if the transaction commits.
        command.CommandText =
            """
            WITH inserted AS (
                INSERT INTO supervision.ledger_entries (id, region_code, kind, source_key, subject_type, subject_id, actor, summary, occurred_at)
                SELECT e.id, @region, e.kind, e.source_key, e.subject_type, e.subject_id, e.actor, e.summary, e.occurred_at
                FROM unnest(@ids, @kinds, @source_keys, @subject_types, @subject_ids, @actors, @summaries, @occurred_at) WITH ORDINALITY
                    AS e(id, kind, source_key, subject_type, subject_id, actor, summary, occurred_at, n)
                ORDER BY e.n
                ON CONFLICT (region_code, source_key) DO NOTHING
                RETURNING feed_seq, id, kind, subject_type, subject_id, occurred_at)
            SELECT count(pg_notify(@channel, json_build_object(
                'seq', feed_seq, 'id', id, 'kind', kind, 'subjectType', subject_type, 'subjectId', subject_id, 'occurredAt', occurred_at)::text))
            FROM (SELECT * FROM inserted ORDER BY feed_seq) AS announced
            """;
        Add(command, "region", SupervisionModule.DefaultRegion);
        Add(command, "channel", LiveFeed.LedgerFeed.Channel);
        Add(command, "ids", entries.Select(_ => Guid.CreateVersion7(now)).ToArray());
        Add(command, "kinds", entries.Select(e => e.Kind.ToString()).ToArray());
        Add(command, "source_keys", entries.Select(e => e.SourceKey).ToArray());
        Add(command, "subject_types", entries.Select(e => e.SubjectType).ToArray());
        Add(command, "subject_ids", entries.Select(e => e.SubjectId).ToArray());
        Add(command, "actors", entries.Select(e => e.Actor).ToArray());
        Add(command, "summaries", entries.Select(e => e.Summary).ToArray());
        Add(command, "occurred_at", entries.Select(e => e.OccurredAt.ToUniversalTime()).ToArray());
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
