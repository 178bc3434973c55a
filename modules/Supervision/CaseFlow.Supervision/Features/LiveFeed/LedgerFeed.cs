using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Supervision.Features.LiveFeed;

/// <summary>Settings of the live alert feed; section <c>CaseFlow:Supervision:Feed</c>.</summary>
internal sealed class LedgerFeedOptions
{
    public const string Section = "CaseFlow:Supervision:Feed";

    /// <summary>How often an idle stream sends a comment, so proxies and browsers keep it open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the node's LISTEN connection may be silent before it is checked with a query.</summary>
    public TimeSpan ListenKeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait before reconnecting a lost LISTEN connection; it doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The node's fan-out of new ledger entries to its server-sent-event clients. The entries arrive from PostgreSQL
/// (<see cref="LedgerFeedListener"/>), so an entry recorded on any node reaches the clients of every node.
/// </summary>
internal sealed class LedgerFeed
{
    /// <summary>The NOTIFY channel <c>RecordLedgerEntry</c> announces new entries on.</summary>
    public const string Channel = "supervision_ledger";

    private const int ClientBuffer = 256;

    private readonly Lock _gate = new();
    private readonly HashSet<Subscription> _subscriptions = [];

    public Subscription Subscribe()
    {
        var subscription = new Subscription(this);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    public void Publish(LedgerFeedItem item)
    {
        foreach (var subscription in Snapshot())
        {
            subscription.Offer(item);
        }
    }

    /// <summary>Announcements may have been missed (the LISTEN connection was lost): every client re-reads the table.</summary>
    public void Resync()
    {
        foreach (var subscription in Snapshot())
        {
            subscription.MarkForResync();
        }
    }

    private Subscription[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _subscriptions];
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>One client's queue. A client too slow to keep up is not allowed to grow it: it is told to resync instead.</summary>
    internal sealed class Subscription(LedgerFeed feed) : IDisposable
    {
        private readonly Channel<LedgerFeedItem?> _items = System.Threading.Channels.Channel.CreateBounded<LedgerFeedItem?>(
            new BoundedChannelOptions(ClientBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

        private int _resync;

        public ChannelReader<LedgerFeedItem?> Items => _items.Reader;

        /// <summary>Whether announcements were lost since the last call; reading it clears it.</summary>
        public bool TakeResync() => Interlocked.Exchange(ref _resync, 0) == 1;

        public void Offer(LedgerFeedItem item)
        {
            if (!_items.Writer.TryWrite(item))
            {
                MarkForResync();
            }
        }

        public void MarkForResync()
        {
            Interlocked.Exchange(ref _resync, 1);
            // A null wakes the reader; if the queue is full the reader is busy anyway and sees the flag next.
            _items.Writer.TryWrite(null);
        }

        public void Dispose() => feed.Remove(this);
    }
}

/// <summary>
/// Holds the node's one LISTEN connection and hands each announcement to <see cref="LedgerFeed"/>. A lost connection is
/// reopened with a doubling delay; after a reconnect every client is told to resync, since NOTIFYs sent while no one
/// listened are gone (the table still has the entries).
/// </summary>
internal sealed class LedgerFeedListener(NpgsqlDataSource dataSource, LedgerFeed feed, IOptions<LedgerFeedOptions> options, ILogger<LedgerFeedListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = options.Value.ReconnectDelay;
        var connectedBefore = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Announce(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {LedgerFeed.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (connectedBefore)
                {
                    logger.LogInformation("The live feed is listening again; clients resync from the ledger");
                    feed.Resync();
                }

                connectedBefore = true;
                delay = options.Value.ReconnectDelay;
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(options.Value.ListenKeepAlive, stoppingToken))
                    {
                        // Silence is normal; a query tells a quiet connection from a dead one.
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning(ex, "The live feed lost its LISTEN connection; reconnecting in {Delay}", delay);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxReconnectDelay.Ticks));
            }
        }
    }

    private void Announce(string payload)
    {
        try
        {
            if (JsonSerializer.Deserialize<LedgerFeedItem>(payload, LedgerFeedJson.Options) is { } item)
            {
                feed.Publish(item);
            }
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "An announcement on {Channel} could not be read: {Payload}", LedgerFeed.Channel, payload);
        }
    }
}

internal static class LedgerFeedJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}

internal sealed class ReadLedgerFeedHandler(SupervisionDbContext db) : IRequestHandler<ReadLedgerFeed, IReadOnlyList<LedgerFeedItem>>
{
    public async Task<IReadOnlyList<LedgerFeedItem>> Handle(ReadLedgerFeed request, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(request.Limit, 1, 500);
        var rows = request.AfterSeq is { } after
            ? await db.Database.SqlQuery<FeedRow>(
                $"""
                SELECT feed_seq AS "Seq", id AS "Id", kind AS "Kind", subject_type AS "SubjectType", subject_id AS "SubjectId", occurred_at AS "OccurredAt"
                FROM supervision.ledger_entries
                WHERE region_code = {SupervisionModule.DefaultRegion} AND feed_seq > {after}
                ORDER BY feed_seq LIMIT {limit}
                """).ToListAsync(cancellationToken)
            : [.. (await db.Database.SqlQuery<FeedRow>(
                $"""
                SELECT feed_seq AS "Seq", id AS "Id", kind AS "Kind", subject_type AS "SubjectType", subject_id AS "SubjectId", occurred_at AS "OccurredAt"
                FROM supervision.ledger_entries
                WHERE region_code = {SupervisionModule.DefaultRegion}
                ORDER BY feed_seq DESC LIMIT {limit}
                """).ToListAsync(cancellationToken)).OrderBy(r => r.Seq)];
        return [.. rows.Select(r => new LedgerFeedItem(r.Seq, r.Id, Enum.Parse<LedgerEntryKind>(r.Kind), r.SubjectType, r.SubjectId, r.OccurredAt))];
    }

    internal sealed record FeedRow(long Seq, Guid Id, string Kind, string SubjectType, string SubjectId, DateTimeOffset OccurredAt);
}

/// <summary>
/// <c>GET /api/supervision/alerts/stream</c>: new ledger entries as server-sent events (<c>event: alert</c>, id = the
/// entry's feed number). A client that reconnects with <c>Last-Event-ID</c> (or <c>?lastEventId=</c>) first gets the
/// entries after that id from the table; <c>event: resync</c> says announcements may have been lost and the missing
/// entries follow; comments keep an idle stream open.
/// </summary>
internal static class LedgerFeedEndpoints
{
    private const int CatchUpPage = 200;

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/alerts/stream", StreamAsync)
            .RequireAuthorization(Policies.Supervisors)
            .WithName("StreamAlerts")
            .WithSummary("New alerts and violations as server-sent events, across all nodes; resumes after Last-Event-ID.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem();

    private static async Task<IResult> StreamAsync(HttpContext context, LedgerFeed feed, IServiceScopeFactory scopes, IOptions<LedgerFeedOptions> options)
    {
        var resumeFrom = context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? context.Request.Query["lastEventId"].FirstOrDefault();
        long? after = null;
        if (!string.IsNullOrEmpty(resumeFrom))
        {
            if (!long.TryParse(resumeFrom, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["lastEventId"] = ["Last-Event-ID is the number of the last event received."] });
            }

            after = parsed;
        }

        var cancellationToken = context.RequestAborted;
        using var subscription = feed.Subscribe();
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Subscribed before reading: an entry committed meanwhile is in the queue or in the read, and sent once.
        var sent = new SentSet();
        if (after is null)
        {
            var newest = await ReadAsync(scopes, null, 1, cancellationToken);
            after = newest.Count == 0 ? 0 : newest[^1].Seq;
        }

        await response.WriteAsync("retry: 3000\n\n", cancellationToken);
        await CatchUpAsync(response, scopes, sent, after.Value, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                heartbeat.CancelAfter(options.Value.HeartbeatInterval);
                LedgerFeedItem? item;
                try
                {
                    item = await subscription.Items.ReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await response.WriteAsync(": heartbeat\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                if (subscription.TakeResync())
                {
                    await response.WriteAsync("event: resync\ndata: {}\n\n", cancellationToken);
                    await CatchUpAsync(response, scopes, sent, sent.Highest, cancellationToken);
                }

                if (item is not null && sent.Add(item.Seq))
                {
                    await WriteAsync(response, item, cancellationToken);
                }

                await response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }

        return Results.Empty;
    }

    private static async Task CatchUpAsync(HttpResponse response, IServiceScopeFactory scopes, SentSet sent, long after, CancellationToken cancellationToken)
    {
        sent.Floor(after);
        while (true)
        {
            var page = await ReadAsync(scopes, after, CatchUpPage, cancellationToken);
            foreach (var item in page.Where(i => sent.Add(i.Seq)))
            {
                await WriteAsync(response, item, cancellationToken);
            }

            if (page.Count < CatchUpPage)
            {
                return;
            }

            after = page[^1].Seq;
        }
    }

    private static async Task<IReadOnlyList<LedgerFeedItem>> ReadAsync(IServiceScopeFactory scopes, long? after, int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ReadLedgerFeed(after, limit), cancellationToken);
    }

    private static Task WriteAsync(HttpResponse response, LedgerFeedItem item, CancellationToken cancellationToken) =>
        response.WriteAsync(
            $"id: {item.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)}\nevent: alert\ndata: {JsonSerializer.Serialize(item, LedgerFeedJson.Options)}\n\n",
            cancellationToken);

    /// <summary>The feed numbers a stream has sent, so the live queue and a catch-up read never send one twice.</summary>
    private sealed class SentSet
    {
        private const int Keep = 4096;
        private readonly SortedSet<long> _seqs = [];

        public long Highest { get; private set; }

        public void Floor(long seq) => Highest = Math.Max(Highest, seq);

        public bool Add(long seq)
        {
            if (!_seqs.Add(seq))
            {
                return false;
            }

            Highest = Math.Max(Highest, seq);
            if (_seqs.Count > Keep)
            {
                _seqs.Remove(_seqs.Min);
            }

            return true;
        }
    }
}
