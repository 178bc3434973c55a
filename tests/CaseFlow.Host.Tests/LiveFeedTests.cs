using System.Net;
using System.Text.Json;
using System.Transactions;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseFlow.Host.Tests;

/// <summary>The live alert feed across two Host nodes on one database: entries recorded on A reach streams on B.</summary>
public sealed class LiveFeedTests
{
    private CaseFlowApp _nodeA = null!;
    private CaseFlowApp _nodeB = null!;
    private HttpClient _supervisorOnB = null!;
    private int _entries;

    [OneTimeSetUp]
    public async Task Start()
    {
        _nodeA = await CaseFlowApp.StartAsync();
        _ = _nodeA.Services;
        _nodeB = CaseFlowApp.NodeOf(_nodeA.ConnectionString, Configure);
        _supervisorOnB = await _nodeB.SignedInClientAsync("supervisor");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _supervisorOnB.Dispose();
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    [Test]
    public async Task An_entry_recorded_on_one_node_reaches_a_stream_on_the_other()
    {
        await using var stream = await SseStream.OpenAsync(_supervisorOnB);

        var entry = await RecordOnAAsync(LedgerEntryKind.Overdue);
        var alert = await stream.NextAlertAsync(subjectId: entry.SubjectId);

        alert.Event.ShouldBe("alert");
        alert.Json.GetProperty("id").GetGuid().ShouldBe(entry.Id);
        alert.Json.GetProperty("kind").GetString().ShouldBe("Overdue");
        alert.Json.GetProperty("subjectType").GetString().ShouldBe("case");
        long.Parse(alert.Id!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(alert.Json.GetProperty("seq").GetInt64());
    }

    [Test]
    public async Task Only_committed_entries_are_announced()
    {
        await using var stream = await SseStream.OpenAsync(_supervisorOnB);
        var rolledBack = NextSubject();
        using (new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await RecordOnAAsync(LedgerEntryKind.Warning, rolledBack);
            // Not completed: the entry and its NOTIFY are rolled back together.
        }

        var committed = await RecordOnAAsync(LedgerEntryKind.Warning);
        var events = await stream.AlertsUntilAsync(committed.SubjectId);

        events.ShouldNotContain(e => e.Json.GetProperty("subjectId").GetString() == rolledBack);
        events[^1].Json.GetProperty("id").GetGuid().ShouldBe(committed.Id);
        (await CountAsync($"SELECT count(*) FROM supervision.ledger_entries WHERE subject_id = '{rolledBack}'")).ShouldBe(0);
    }

    [Test]
    public async Task A_client_reconnecting_with_its_last_event_id_gets_what_it_missed()
    {
        string lastEventId;
        await using (var first = await SseStream.OpenAsync(_supervisorOnB))
        {
            var seen = await RecordOnAAsync(LedgerEntryKind.Overdue);
            lastEventId = (await first.NextAlertAsync(seen.SubjectId)).Id!;
        }

        var missed1 = await RecordOnAAsync(LedgerEntryKind.Overdue);
        var missed2 = await RecordOnAAsync(LedgerEntryKind.UnacknowledgedTransfer);
        await using var again = await SseStream.OpenAsync(_supervisorOnB, lastEventId);
        var replayed = await again.AlertsUntilAsync(missed2.SubjectId);

        replayed.Select(e => e.Json.GetProperty("id").GetGuid()).ShouldBe([missed1.Id, missed2.Id], "what was missed, in order, nothing before it");
    }

    [Test]
    public async Task A_lost_listen_connection_is_reopened_and_streams_are_told_to_resync_with_what_they_missed()
    {
        await using var stream = await SseStream.OpenAsync(_supervisorOnB);
        // Both nodes' listeners must be up (one may still be reconnecting after an earlier test) before they are cut.
        const string Listening = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN supervision_ledger'";
        for (var attempt = 0; attempt < 300 && await CountAsync(Listening) < 2; attempt++)
        {
            await Task.Delay(100);
        }

        var terminated = await CountAsync(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN supervision_ledger'");
        var during = await RecordOnAAsync(LedgerEntryKind.Overdue);
        bool seenResync = false, seenEntry = false;
        var events = await stream.EventsUntilAsync(e =>
        {
            seenResync |= e.Event == "resync";
            seenEntry |= e.Event == "alert" && e.Json.GetProperty("subjectId").GetString() == during.SubjectId;
            return seenResync && seenEntry;
        });

        terminated.ShouldBe(2, "each node holds one LISTEN connection");
        events.Count(e => e.Event == "alert" && e.Json.GetProperty("id").GetGuid() == during.Id).ShouldBe(1, "sent once, live or by the resync");
    }

    [Test]
    public async Task An_idle_stream_gets_heartbeat_comments()
    {
        await using var stream = await SseStream.OpenAsync(_supervisorOnB);

        var heartbeat = await stream.EventsUntilAsync(e => e.Event == "comment");

        heartbeat[^1].Data.ShouldBe("heartbeat");
    }

    [Test]
    public async Task The_stream_is_for_supervisors_and_a_bad_last_event_id_is_a_400_naming_it()
    {
        using var clerk = await _nodeB.SignedInClientAsync("clerk");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/supervision/alerts/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");

        var forbidden = await clerk.GetAsync("/api/supervision/alerts/stream");
        var bad = await _supervisorOnB.SendAsync(request);

        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("lastEventId");
    }

    private static void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("CaseFlow:Supervision:Feed:HeartbeatInterval", "00:00:01");
        builder.UseSetting("CaseFlow:Supervision:Feed:ListenKeepAlive", "00:10:00");
    }

    private string NextSubject() => $"2026-9{Interlocked.Increment(ref _entries):D5}";

    private async Task<LedgerEntryDto> RecordOnAAsync(LedgerEntryKind kind, string? subject = null)
    {
        subject ??= NextSubject();
        using var scope = _nodeA.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(
            new RecordLedgerEntry(kind, $"test:feed:{subject}", "case", subject, null, $"Case {subject} for the live feed test", DateTimeOffset.UtcNow));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_nodeA.ConnectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // The test's own statements.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>One event of a server-sent-event stream; a comment line is an event named <c>comment</c>.</summary>
internal sealed record SseEvent(string? Id, string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>A reader of <c>/api/supervision/alerts/stream</c> for tests: each wait gives up after a minute.</summary>
internal sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));

    private SseStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<SseStream> OpenAsync(HttpClient client, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/supervision/alerts/stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        return new SseStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    public async Task<SseEvent> NextAlertAsync(string subjectId) => (await AlertsUntilAsync(subjectId))[^1];

    /// <summary>The alerts up to and including the one about <paramref name="subjectId"/>.</summary>
    public async Task<List<SseEvent>> AlertsUntilAsync(string subjectId) =>
        [.. (await EventsUntilAsync(e => e.Event == "alert" && e.Json.GetProperty("subjectId").GetString() == subjectId)).Where(e => e.Event == "alert")];

    public async Task<List<SseEvent>> EventsUntilAsync(Func<SseEvent, bool> last)
    {
        var events = new List<SseEvent>();
        while (true)
        {
            var next = await NextAsync();
            events.Add(next);
            if (last(next))
            {
                return events;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _timeout.Dispose();
        await Task.CompletedTask;
    }

    private async Task<SseEvent> NextAsync()
    {
        string? id = null, name = null;
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(_timeout.Token) ?? throw new InvalidOperationException("The stream ended.");
            if (line.Length == 0)
            {
                if (name is null && data.Count == 0)
                {
                    continue;
                }

                return new SseEvent(id, name ?? "message", string.Join('\n', data));
            }

            if (line.StartsWith(':'))
            {
                return new SseEvent(null, "comment", line[1..].Trim());
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart();
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data.Add(value); break;
                default: break;
            }
        }
    }
}
