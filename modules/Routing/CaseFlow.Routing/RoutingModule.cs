using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Modules;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Scheduling;
using CaseFlow.Kernel.Validation;
using CaseFlow.Routing.Features.Departments;
using CaseFlow.Routing.Features.Routes;
using CaseFlow.Routing.Features.Transfers;
using CaseFlow.Routing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Routing;

/// <summary>Lead and co-departments, department queues, transfers with acknowledgement.</summary>
public static class RoutingModule
{
    public const string Schema = "routing";

    internal const string DefaultRegion = "000000";

    public static IServiceCollection AddRoutingModule(this IServiceCollection services)
    {
        services.AddModuleDbContext<RoutingDbContext>("Routing", Schema);
        services.AddMediator(typeof(RoutingModule).Assembly);
        services.AddValidators(typeof(RoutingModule).Assembly);
        services.AddScoped<IModuleSeeder, DemoDepartments>();
        services.AddOptions<CaseTransferOptions>().BindConfiguration("CaseFlow:Routing");
        services.AddRecurringJob<CaseTransferSweep>();
        return services;
    }

    public static IEndpointRouteBuilder MapRoutingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/routing").WithTags("Routing");
        DepartmentEndpoints.Map(group);
        RouteEndpoints.Map(group);
        CaseTransferEndpoints.Map(group);
        return endpoints;
    }
}
