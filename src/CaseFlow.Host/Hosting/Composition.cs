using System.Text.Json.Serialization;
using CaseFlow.Approval;
using CaseFlow.Deadline;
using CaseFlow.Host.Access;
using CaseFlow.Host.Printing;
using CaseFlow.Host.Ui;
using CaseFlow.Host.Workflows;
using CaseFlow.Intake;
using CaseFlow.Kernel.Documents;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Validation;
using CaseFlow.Routing;
using CaseFlow.Supervision;
using CaseFlow.Workflow;
using CaseFlow.Workflow.Execution;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Npgsql;

namespace CaseFlow.Host.Hosting;

/// <summary>The composition root: every module, the HTTP pipeline and the cross-cutting pieces, in one place.</summary>
internal static class Composition
{
    public static IServiceCollection AddCaseFlow(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(connectionString)
            .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
            .Build());
        services.AddSingleton<SqlMigrator>();
        services.AddOutboxDispatcher(configuration.GetSection("CaseFlow:Outbox").Get<OutboxOptions>());

        // Behaviours run in this order, outermost first.
        services.AddPipelineBehavior(typeof(ValidationBehavior<,>));
        services
            .AddIntakeModule()
            .AddRoutingModule()
            .AddApprovalModule()
            .AddDeadlineModule()
            .AddSupervisionModule();

        services.AddAccess(configuration);
        services.AddSingleton(configuration.GetSection("CaseFlow:Pdf").Get<PdfOptions>() ?? new PdfOptions());
        services.AddSingleton<IPdfPrinter, ChromiumPdfPrinter>();

        // The workflow runtime, with the modules plugged in through its two ports.
        services.AddSingleton(new ServiceTaskCatalog(
        [
            typeof(CaseFlow.Intake.Contracts.GetServiceItem).Assembly,
            typeof(CaseFlow.Routing.Contracts.GetDepartment).Assembly,
            typeof(CaseFlow.Approval.Contracts.DeliverResult).Assembly,
            typeof(CaseFlow.Deadline.Contracts.AddWorkingDays).Assembly,
            typeof(CaseFlow.Supervision.Contracts.RecordLedgerEntry).Assembly,
        ]));
        services.AddSingleton<IServiceTaskPort, MediatorServiceTaskPort>();
        services.AddSingleton<HostWorkingCalendar>();
        services.AddSingleton<IWorkingCalendar>(sp => sp.GetRequiredService<HostWorkingCalendar>());
        services.AddHostedService<CalendarRefresh>();
        services.AddCaseFlowWorkflow(o => configuration.GetSection("CaseFlow:Workflow").Bind(o));
        services.AddMediator(typeof(Composition).Assembly);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Bad bodies and parameters throw, so the exception handler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddRecurringJobScheduler(configuration, connectionString);
        services.AddCaseFlowUi();
        return services;
    }

    public static WebApplication UseCaseFlow(this WebApplication app)
    {
        // Outermost, so the logged status is the one the client got, error responses included.
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseCaseFlowUi();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "CaseFlow API v1");
            o.RoutePrefix = "api-docs";
            o.DocumentTitle = "CaseFlow API";
        });
        app.MapAccessEndpoints();
        app.MapWorkflowEndpoints();
        app.MapIntakeEndpoints()
            .MapRoutingEndpoints()
            .MapApprovalEndpoints()
            .MapDeadlineEndpoints()
            .MapSupervisionEndpoints();
        return app;
    }
}
