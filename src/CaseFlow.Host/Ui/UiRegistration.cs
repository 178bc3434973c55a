using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CaseFlow.Kernel.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.FileProviders;

namespace CaseFlow.Host.Ui;

/// <summary>The web UI: Razor components served by the Host, Chinese by default with an English switch.</summary>
internal static class UiRegistration
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static IServiceCollection AddCaseFlowUi(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddLocalization();
        // Chinese text as text, not as &#x...; entities: pages stay readable and a third of the size.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddScoped<TaskDue>();
        services.AddScoped<Catalogue>();
        services.AddScoped<StaffNames>();
        services.AddScoped<SupervisionFigures>();
        return services;
    }

    public static WebApplication UseCaseFlowUi(this WebApplication app)
    {
        // An empty 4xx/5xx for a page (an unknown address above all) shows the status page instead of a problem.
        app.UseStatusPagesForPages();
        // A page that fails shows /error with a trace id, never the exception; the API keeps its ProblemDetails.
        app.UseErrorPageForPages();
        // Chinese unless the visitor chose English (cookie); the browser's language is not asked on purpose, the
        // center's working language is Chinese. The API keeps the invariant formats its clients parse.
        app.UseWhen(context => !IsMachineFacing(context), ui => ui.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        }));
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(UiRegistration).Assembly, "CaseFlow.Host.Ui.Assets"),
            RequestPath = "/ui",
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=300",
        });
        app.UseAntiforgery();
        app.MapRazorComponents<App>();

        app.MapGet("/ui/live/supervision", (SupervisionFigures figures, CancellationToken ct) => figures.ReadAsync(ct))
            .RequireAuthorization(Policies.Supervisors).ExcludeFromDescription();

        app.MapPost("/culture", ([FromForm] string culture, [FromForm] string? returnUrl, HttpContext context) =>
            {
                var chosen = Cultures.FirstOrDefault(c => c.Name == culture) ?? Cultures[0];
                context.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
                return Results.LocalRedirect(LocalOrHome(returnUrl));
            })
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/sign-out", async (HttpContext context) =>
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Results.LocalRedirect("/sign-in?signedOut=true");
            })
            .AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        return app;
    }

    /// <summary>Requests a browser makes for a page, as opposed to the API, health checks and framework files.</summary>
    public static bool IsPage(HttpContext context) => !IsMachineFacing(context) && !context.Request.Path.StartsWithSegments("/ui/live");

    private static bool IsMachineFacing(HttpContext context)
    {
        var path = context.Request.Path;
        return path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/api-docs");
    }

    /// <summary>A return address only when it stays on this site, so a link cannot send a clerk elsewhere after sign-in.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
