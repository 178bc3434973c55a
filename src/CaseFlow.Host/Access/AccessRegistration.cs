using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Modules;
using CaseFlow.Kernel.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace CaseFlow.Host.Access;

internal static class AccessRegistration
{
    private const string Smart = "CaseFlow";

    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AccessOptions>(configuration.GetSection("CaseFlow:Access"));
        services.AddModuleDbContext<AccessDbContext>("Access", AccessDbContext.Schema);
        services.AddScoped<IModuleSeeder, DemoStaff>();
        services.AddScoped<StaffSignIn>();

        services.AddDataProtection().SetApplicationName("CaseFlow");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRepository(sp.GetRequiredService<IServiceScopeFactory>())));

        services.AddAuthentication(Smart)
            // An API key header means another system; anything else is the browser's cookie.
            .AddPolicyScheme(Smart, "Cookie or API key", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "caseflow.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.LoginPath = "/sign-in";
                o.AccessDeniedPath = "/forbidden";
                // The API answers 401/403 ProblemDetails; only pages redirect to the sign-in page.
                o.Events.OnRedirectToLogin = context => ApiStatus(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiStatus(context, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AccessOptions>>((cookie, access) => cookie.ExpireTimeSpan = access.Value.SessionIdleTimeout);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.WindowStaff, p => p.RequireRole(StaffRoles.WindowClerk, StaffRoles.Administrator))
            .AddPolicy(Policies.Approvers, p => p.RequireRole(StaffRoles.DepartmentApprover, StaffRoles.LeadApprover))
            .AddPolicy(Policies.Supervisors, p => p.RequireRole(StaffRoles.Supervisor, StaffRoles.Administrator))
            .AddPolicy(Policies.Administrators, p => p.RequireRole(StaffRoles.Administrator))
            .AddPolicy(Policies.HotlineOperators, p => p.RequireRole(StaffRoles.HotlineOperator, StaffRoles.Administrator))
            .AddPolicy(Policies.HotlineDesk, p => p.RequireRole(StaffRoles.HotlineOperator, StaffRoles.Supervisor, StaffRoles.Administrator));
        return services;
    }

    private static Task ApiStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
