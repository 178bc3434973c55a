using System.Globalization;
using CaseFlow.Workflow.Simulation;

namespace CaseFlow.Host.Commands;

/// <summary>`caseflow workflows validate FILE...` and `caseflow workflows simulate FILE --events EVENTS.json [--start T]`.</summary>
internal static class WorkflowsCommand
{
    public const string Usage = """
        Usage: caseflow workflows validate FILE...
               caseflow workflows simulate FILE --events EVENTS.json [--start 2026-03-02T09:00:00+08:00]
        """;

    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Length >= 2 && arguments[0] == "validate")
        {
            return WorkflowCommands.Validate(arguments[1..], output);
        }

        if (arguments.Length >= 2 && arguments[0] == "simulate")
        {
            var file = arguments[1];
            string? events = null;
            DateTimeOffset? start = null;
            for (var i = 2; i < arguments.Length; i++)
            {
                switch (arguments[i])
                {
                    case "--events" when i + 1 < arguments.Length:
                        events = arguments[++i];
                        break;
                    case "--start" when i + 1 < arguments.Length:
                        if (!DateTimeOffset.TryParse(arguments[++i], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                        {
                            error.WriteLine($"--start: '{arguments[i]}' is not an ISO 8601 date and time.");
                            return 2;
                        }

                        start = parsed;
                        break;
                    default:
                        error.WriteLine($"Unknown or incomplete option '{arguments[i]}'.");
                        error.WriteLine(Usage);
                        return 2;
                }
            }

            if (events is null)
            {
                error.WriteLine("--events EVENTS.json is required.");
                return 2;
            }

            return WorkflowCommands.Simulate(file, events, start, output);
        }

        error.WriteLine(Usage);
        return 2;
    }
}
