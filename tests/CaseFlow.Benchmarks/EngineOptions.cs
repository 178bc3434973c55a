using System.Globalization;

namespace CaseFlow.Benchmarks;

/// <summary>The engine benchmark's settings; every default is one a 2-core machine finishes in about two minutes.</summary>
public sealed record EngineOptions
{
    public const string Usage = """
        engine options:
          --instances N       durable instances run end to end (default 1000)
          --clients C         concurrent clients, for pgbench -c and for the runtime (default 8)
          --threads J         pgbench -j (default: the number of processors)
          --seconds T         duration of each pgbench -N run; it runs before and after the runtime (default 15)
          --scale S           pgbench -i scale factor (default 10)
          --departments K     co-departments per instance, i.e. review tasks (default 3)
          --memory-instances M  instances for the in-memory comparison, each engine (default 1000)
          --no-peer           skip bpmn-engine (node and peer/node_modules not needed)
          --profile           load pg_stat_statements and print where the runtime's database time goes
          --bpmn FILE         the process (default workflows/approval-parallel.bpmn)
        """;

    public int Instances { get; init; } = 1000;

    public int Clients { get; init; } = 8;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public int Seconds { get; init; } = 15;

    public int Scale { get; init; } = 10;

    public int Departments { get; init; } = 3;

    public int MemoryInstances { get; init; } = 1000;

    public bool Peer { get; init; } = true;

    public bool Profile { get; init; }

    public string? Bpmn { get; init; }

    public static bool TryParse(string[] args, out EngineOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new EngineOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{name} needs a value");
            int Number()
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new FormatException($"{name} needs a positive whole number, not '{text}'");
            }

            try
            {
                options = name switch
                {
                    "--instances" => options with { Instances = Number() },
                    "--clients" => options with { Clients = Number() },
                    "--threads" => options with { Threads = Number() },
                    "--seconds" => options with { Seconds = Number() },
                    "--scale" => options with { Scale = Number() },
                    "--departments" => options with { Departments = Number() },
                    "--memory-instances" => options with { MemoryInstances = Number() },
                    "--no-peer" => options with { Peer = false },
                    "--profile" => options with { Profile = true },
                    "--bpmn" => options with { Bpmn = Value() },
                    _ => throw new FormatException($"unknown option {name}"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return false;
            }
        }

        return true;
    }
}
