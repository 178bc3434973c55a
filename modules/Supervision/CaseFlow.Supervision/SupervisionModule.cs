using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Validation;
using CaseFlow.Supervision.Features;
using CaseFlow.Supervision.Features.Hotline;
using CaseFlow.Supervision.Features.Ledger;
using CaseFlow.Supervision.Features.LiveFeed;
using CaseFlow.Supervision.Features.ReturnVisits;
using CaseFlow.Supervision.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Supervision;

/// <summary>E-supervision: the alerts and violations ledger, complaints, hotline tickets, return visits, ratings and statistics.</summary>
public static class SupervisionModule
{
    public const string Schema = "supervision";

    /// <summary>The rate-limit policy of the public complaint and rating forms (API and pages alike), per client address.</summary>
    public const string PublicFormRateLimit = "supervision-public";

    internal const string DefaultRegion = "000000";

    public static IServiceCollection AddSupervisionModule(this IServiceCollection services)
    {
        services.AddModuleDbContext<SupervisionDbContext>("Supervision", Schema);
        services.AddMediator(typeof(SupervisionModule).Assembly);
        services.AddValidators(typeof(SupervisionModule).Assembly);
        // The live alert feed: one LISTEN connection per node, fanned out to the node's server-sent-event clients.
        services.AddOptions<LedgerFeedOptions>().BindConfiguration(LedgerFeedOptions.Section);
        services.AddSingleton<LedgerFeed>();
        services.AddHostedService<LedgerFeedListener>();
        services.AddOptions<SupervisionOptions>()
            .BindConfiguration(SupervisionOptions.Section)
            .Validate(SupervisionOptions.IsValid, $"The settings under {SupervisionOptions.Section} are out of range (see docs/ARCHITECTURE.md, E-supervision).")
            .ValidateOnStart();
        services.AddPublicFormRateLimit();
        services.AddReturnVisitSampling();
        return services;
    }

    public static IEndpointRouteBuilder MapSupervisionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/supervision").WithTags("Supervision");
        LedgerEndpoints.Map(group);
        HandleLedgerEntryEndpoints.Map(group);
        LedgerFeedEndpoints.Map(group);
        SupervisionEndpoints.Map(group);
        HotlineEndpoints.Map(group);
        return endpoints;
    }
}
