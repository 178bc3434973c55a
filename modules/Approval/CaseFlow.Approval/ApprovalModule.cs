using CaseFlow.Approval.Features.Cases;
using CaseFlow.Approval.Features.Clocks;
using CaseFlow.Approval.Features.Completion;
using CaseFlow.Approval.Features.Demo;
using CaseFlow.Approval.Features.Inbox;
using CaseFlow.Approval.Features.Procedures;
using CaseFlow.Approval.Features.SignOff;
using CaseFlow.Approval.Features.Tasks;
using CaseFlow.Approval.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Modules;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Kernel.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Approval;

/// <summary>Department tasks, parallel sign-off, opinions and the lead decision.</summary>
public static class ApprovalModule
{
    public const string Schema = "approval";

    internal const string DefaultRegion = "000000";

    public static IServiceCollection AddApprovalModule(this IServiceCollection services)
    {
        services.AddModuleDbContext<ApprovalDbContext>("Approval", Schema);
        services.AddMediator(typeof(ApprovalModule).Assembly);
        services.AddValidators(typeof(ApprovalModule).Assembly);
        services.AddScoped<TaskMirror>();
        services.AddScoped<CaseClocks>();
        services.AddKeyedScoped<IModuleSeeder, DemoSignOffs>(DemoSeeders.Cases);
        services.AddScoped<ResultRecorder>();
        return services;
    }

    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/approval").WithTags("Approval");
        InboxEndpoints.Map(group);
        TaskEndpoints.Map(group);
        SignOffEndpoints.Map(group);
        CaseEndpoints.Map(group);
        CaseClockEndpoints.Map(group);
        return endpoints;
    }
}
