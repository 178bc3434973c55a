using CaseFlow.Intake.Features.Cases;
using CaseFlow.Intake.Features.Inquiries;
using CaseFlow.Intake.Features.ServiceItems;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Modules;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Intake;

/// <summary>Service-item catalogue, inquiries with first-contact responsibility, acceptance and the single notice.</summary>
public static class IntakeModule
{
    public const string Schema = "intake";

    /// <summary>The rate-limit policy of the public progress lookup (API and page alike), per client address.</summary>
    public const string ProgressRateLimit = ProgressEndpoint.RateLimit;

    /// <summary>The region every row belongs to until multi-region centers arrive (the Citus distribution key).</summary>
    internal const string DefaultRegion = "000000";

    public static IServiceCollection AddIntakeModule(this IServiceCollection services)
    {
        services.AddModuleDbContext<IntakeDbContext>("Intake", Schema);
        services.AddMediator(typeof(IntakeModule).Assembly);
        services.AddValidators(typeof(IntakeModule).Assembly);
        services.AddScoped<IModuleSeeder, DemoServiceItems>();
        services.AddKeyedScoped<IModuleSeeder, DemoCases>(DemoSeeders.Cases);
        services.AddInquiries();
        services.AddProgressRateLimit();
        return services;
    }

    public static IEndpointRouteBuilder MapIntakeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/intake").WithTags("Intake");
        ReadServiceItemsEndpoints.Map(group);
        CreateServiceItemEndpoint.Map(group);
        InquiryEndpoints.Map(group);
        UpdateServiceItemEndpoint.Map(group);
        CatalogueFileEndpoints.Map(group);
        RegisterCaseEndpoint.Map(group);
        ReadCaseEndpoints.Map(group);
        DecisionEndpoints.Map(group);
        DocumentEndpoints.Map(group);
        ProgressEndpoint.Map(group);
        return endpoints;
    }
}
