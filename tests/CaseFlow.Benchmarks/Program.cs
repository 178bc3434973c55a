using BenchmarkDotNet.Running;

namespace CaseFlow.Benchmarks;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verb = args.Length > 0 ? args[0] : "help";
        switch (verb)
        {
            case "engine":
                if (!EngineOptions.TryParse(args[1..], out var options, out var error))
                {
                    await Console.Error.WriteLineAsync(error);
                    await Console.Error.WriteLineAsync(EngineOptions.Usage);
                    return 2;
                }

                return await EngineBenchmark.RunAsync(options);
            case "scheduler":
                if (!SchedulerOptions.TryParse(args[1..], out var schedulerOptions, out var schedulerError))
                {
                    await Console.Error.WriteLineAsync(schedulerError);
                    await Console.Error.WriteLineAsync(SchedulerOptions.Usage);
                    return 2;
                }

                return await SchedulerBenchmark.RunAsync(schedulerOptions);
            case "dashboards":
                return await DashboardBenchmark.RunAsync(args[1..]);
            case "micro":
                // BenchmarkDotNet's own switches (--filter, --job short, ...) follow the verb.
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
                return 0;
            default:
                Console.WriteLine("usage: dotnet run -c Release --project tests/CaseFlow.Benchmarks -- engine [options] | scheduler [options] | dashboards [options] | micro [BenchmarkDotNet options]");
                Console.WriteLine(EngineOptions.Usage);
                Console.WriteLine(SchedulerOptions.Usage);
                Console.WriteLine(DashboardBenchmark.Usage);
                return verb is "help" or "--help" or "-h" ? 0 : 2;
        }
    }
}
