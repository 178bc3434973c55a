namespace CaseFlow.Host.Commands;

internal enum CommandKind
{
    Serve,
    Migrate,
    Seed,
    HealthCheck,
    Workflows,
    Help,
    Invalid,
}

internal sealed record Command(CommandKind Kind, string[] HostArguments, string? Error = null);

/// <summary>The <c>caseflow</c> verbs. Options that start with a dash (e.g. <c>--urls</c>) go to the host as usual.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: caseflow [verb] [host options]
          (no verb)   serve the API (honours --urls, --environment, ConnectionStrings:CaseFlow)
          migrate     apply every module's database migrations, then exit
          seed        apply migrations and enter the demo center's data, then exit
          workflows   validate FILE... | simulate FILE --events EVENTS.json [--start T] (no database needed)
          healthcheck ask a running CaseFlow (ASPNETCORE_URLS, or --url URL) whether it is ready; exit 0 or 1
          help        show this text
        With no ConnectionStrings:CaseFlow, CaseFlow starts an embedded PostgreSQL with data under .caseflow/.
        """;

    public static Command Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return new Command(CommandKind.Serve, args);
        }

        var rest = args[1..];
        return args[0] switch
        {
            "migrate" => new Command(CommandKind.Migrate, rest),
            "seed" => new Command(CommandKind.Seed, rest),
            "healthcheck" => new Command(CommandKind.HealthCheck, rest),
            "workflows" => new Command(CommandKind.Workflows, rest),
            "help" or "--help" => new Command(CommandKind.Help, rest),
            _ => new Command(CommandKind.Invalid, rest, $"Unknown verb '{args[0]}'."),
        };
    }
}
