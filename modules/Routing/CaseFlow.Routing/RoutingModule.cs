using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Modules;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Validation;
using CaseFlow.Routing.Features.Departments;
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
        return services;
    }

    public static IEndpointRouteBuilder MapRoutingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        DepartmentEndpoints.Map(endpoints.MapGroup("/api/routing").WithTags("Routing"));
        return endpoints;
    }
}
