using CaseFlow.EmbeddedPostgres;
using CaseFlow.Host.Commands;
using CaseFlow.Host.Hosting;
using CaseFlow.Host.Workflows;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Time;
using CaseFlow.Workflow.Persistence;

// `caseflow <verb>` runs a command and exits; with no verb the Host serves HTTP.
var command = CommandLine.Parse(args);
if (command.Kind == CommandKind.Invalid)
{
    await Console.Error.WriteLineAsync(command.Error);
    await Console.Error.WriteLineAsync(CommandLine.Usage);
    return 2;
}

if (command.Kind == CommandKind.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

if (command.Kind == CommandKind.Workflows)
{
    return WorkflowsCommand.Run(command.HostArguments, Console.Out, Console.Error);
}

if (command.Kind == CommandKind.HealthCheck)
{
    return await HealthCheckCommand.RunAsync(command.HostArguments);
}

var builder = WebApplication.CreateBuilder(command.HostArguments);
// The container's clock is whatever TimeProvider was registered last (a test's fake too), shifted by an open SeedClock.
builder.Host.UseServiceProviderFactory(context => new ShiftableClockProviderFactory(new ServiceProviderOptions
{
    ValidateScopes = context.HostingEnvironment.IsDevelopment(),
    ValidateOnBuild = context.HostingEnvironment.IsDevelopment(),
}));
using var bootstrapLogs = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole());
var bootstrapLogger = bootstrapLogs.CreateLogger("CaseFlow.Host");

HostDatabase database;
try
{
    database = await HostDatabase.ResolveAsync(builder.Configuration, bootstrapLogger);
}
catch (PostgresNotFoundException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

await using (database)
{
    builder.Services.AddCaseFlow(builder.Configuration, database.ConnectionString);
    var app = builder.Build();
    var migrated = await app.Services.GetRequiredService<SqlMigrator>().MigrateAsync();
    app.Logger.LogInformation("Database is up to date ({Applied} migrations applied now)", migrated);
    await WorkflowFiles.DeployAllAsync(app.Services.GetRequiredService<WorkflowRuntime>(), app.Configuration, app.Logger);

    switch (command.Kind)
    {
        case CommandKind.Migrate:
            return 0;
        case CommandKind.Seed:
            await DemoData.SeedAsync(app.Services);
            return 0;
        default:
            if (database.IsNewEmbedded)
            {
                app.Logger.LogInformation("New embedded database: entering the demo center (accounts are listed in the README)");
                await DemoData.SeedAsync(app.Services);
            }

            app.UseCaseFlow();
            await app.RunAsync();
            return 0;
    }
}

/// <summary>The entry point, visible to the in-process test host.</summary>
public partial class Program;
