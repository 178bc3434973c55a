using CaseFlow.Deadline.Alerts;
using CaseFlow.Deadline.Calendar;
using CaseFlow.Deadline.Features.Clocks;
using CaseFlow.Deadline.Features.WorkingDays;
using CaseFlow.Deadline.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Modules;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Deadline;

/// <summary>Working-day calendars, case and task clocks, and the scheduler that raises warnings and overdue alerts.</summary>
public static class DeadlineModule
{
    public const string Schema = "deadline";

    public static IServiceCollection AddDeadlineModule(this IServiceCollection services)
    {
        services.AddModuleDbContext<DeadlineDbContext>("Deadline", Schema);
        services.AddMediator(typeof(DeadlineModule).Assembly);
        services.AddValidators(typeof(DeadlineModule).Assembly);
        services.AddOptions<DeadlineOptions>()
            .BindConfiguration(DeadlineOptions.Section)
            .Validate(DeadlineOptions.IsValid, $"The settings under {DeadlineOptions.Section} are out of range (see docs/ARCHITECTURE.md, Deadlines and alerts).")
            .ValidateOnStart();
        services.AddTransient<ClockChange>();
        services.AddTransient<Features.Calendars.ClockRecompute>();
        services.AddHostedService<NationalArrangementImport>();
        services.AddScoped<IModuleSeeder, NationalArrangementImport>();
        // Every node runs a scheduler; SKIP LOCKED claims keep them from raising or delivering one alert twice.
        services.AddHostedService<AlertScheduler>();
        return services;
    }

    public static IEndpointRouteBuilder MapDeadlineEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/deadline").WithTags("Deadline");
        WorkingDayEndpoints.Map(group);
        ClockEndpoints.Map(group);
        Features.Calendars.CalendarEditingEndpoints.Map(group);
        return endpoints;
    }
}
