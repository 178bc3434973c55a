using System.Globalization;

namespace CaseFlow.Benchmarks;

/// <summary>The scheduler benchmark's settings (issue 5); the defaults are the issue's: a million open clocks.</summary>
public sealed record SchedulerOptions
{
    public const string Usage = """
        scheduler options:
          --open N            open clocks, and jobs in the pg-boss queue (default 1000000)
          --due D             of them, thresholds already crossed / jobs already due, drained at once (default 20000)
          --latency-rate R    thresholds (and pg-boss jobs) coming due per second in the latency phase (default 200)
          --latency-seconds S how long they keep coming due (default 30)
          --peer-workers W    pg-boss work() loops per instance; two instances run, like two nodes (default 2)
          --claim-batch N     CaseFlow's ClaimBatchSize while draining (default 1000)
          --peer-batch B      pg-boss batchSize (default 1000, CaseFlow's ClaimBatchSize)
          --peer-poll-ms P    pg-boss pollingIntervalSeconds while draining, in ms (default 500, its minimum)
          --no-peer           skip pg-boss (node and peer/node_modules not needed)
        """;

    public int Open { get; init; } = 1_000_000;

    public int Due { get; init; } = 20_000;

    public int LatencyRate { get; init; } = 200;

    public int LatencySeconds { get; init; } = 30;

    public int PeerWorkers { get; init; } = 2;

    public int ClaimBatch { get; init; } = 1000;

    public int PeerBatch { get; init; } = 1000;

    public int PeerPollMilliseconds { get; init; } = 500;

    public bool Peer { get; init; } = true;

    public static bool TryParse(string[] args, out SchedulerOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new SchedulerOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            int Number()
            {
                var text = i + 1 < args.Length ? args[++i] : throw new FormatException($"{name} needs a value");
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new FormatException($"{name} needs a positive whole number, not '{text}'");
            }

            try
            {
                options = name switch
                {
                    "--open" => options with { Open = Number() },
                    "--due" => options with { Due = Number() },
                    "--latency-rate" => options with { LatencyRate = Number() },
                    "--latency-seconds" => options with { LatencySeconds = Number() },
                    "--peer-workers" => options with { PeerWorkers = Number() },
                    "--claim-batch" => options with { ClaimBatch = Number() },
                    "--peer-batch" => options with { PeerBatch = Number() },
                    "--peer-poll-ms" => options with { PeerPollMilliseconds = Number() },
                    "--no-peer" => options with { Peer = false },
                    _ => throw new FormatException($"unknown option {name}"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return false;
            }
        }

        if (error is null && options.Due > options.Open)
        {
            error = "--due cannot exceed --open";
            return false;
        }

        if (options.PeerPollMilliseconds < 500)
        {
            error = "--peer-poll-ms: pg-boss refuses a polling interval under 500 ms";
            return false;
        }

        return true;
    }
}
