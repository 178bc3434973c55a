using System.Globalization;

namespace CaseFlow.Host.Ui;

/// <summary>
/// Gives a page address that ends in an empty 4xx/5xx (an unknown address above all) the status page, re-executed in
/// place so the address stays what the visitor typed. The framework's re-execution is not used: Blazor renders nothing
/// for a request that already carries 404, so the status page is entered clean and sets the status itself.
/// </summary>
internal static class StatusPages
{
    // The key under which WebApplication shares its endpoints with UseRouting; a builder from New() drops it on purpose
    // (branches route on their own), so the second pass names it to route over the application's endpoints again.
    private const string GlobalEndpointRouteBuilderKey = "__GlobalEndpointRouteBuilder";

    public static WebApplication UseStatusPagesForPages(this WebApplication app)
    {
        app.Use(next =>
        {
            var again = Reroute(app, next);
            return async context =>
            {
                await next(context);
                var response = context.Response;
                if (!UiRegistration.IsPage(context) || response.HasStarted || response.StatusCode < 400 || response.ContentLength.HasValue || !string.IsNullOrEmpty(response.ContentType)
                    || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
                {
                    return;
                }

                var status = response.StatusCode;
                var originalPath = context.Request.Path;
                var originalQuery = context.Request.QueryString;
                context.SetEndpoint(null);
                context.Request.RouteValues.Clear();
                context.Request.Path = "/status/" + status.ToString(CultureInfo.InvariantCulture);
                context.Request.QueryString = QueryString.Empty;
                response.StatusCode = StatusCodes.Status200OK;
                try
                {
                    await again(context);
                }
                finally
                {
                    context.Request.Path = originalPath;
                    context.Request.QueryString = originalQuery;
                }
            };
        });
        return app;
    }

    /// <summary>
    /// Catches what a page throws and shows /error (a trace id, never the exception) in a fresh service scope, since
    /// the failed request's DbContexts may be broken. API requests pass through to the ProblemDetails handler.
    /// </summary>
    public static WebApplication UseErrorPageForPages(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CaseFlow.Ui");
        app.Use(next =>
        {
            var again = Reroute(app, next);
            return async context =>
            {
                if (!UiRegistration.IsPage(context))
                {
                    await next(context);
                    return;
                }

                try
                {
                    await next(context);
                }
                catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
                {
                    // A request the framework refused (a form without its antiforgery token, a body too large) is the
                    // visitor's 4xx with the status page; anything else is ours, logged, and shown as /error.
                    var refused = ex as BadHttpRequestException;
                    if (refused is null)
                    {
                        logger.LogError(ex, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
                    }
                    else
                    {
                        logger.LogWarning("Refused {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, refused.Message);
                    }

                    await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                    var services = context.RequestServices;
                    context.RequestServices = scope.ServiceProvider;
                    context.Response.Clear();
                    context.SetEndpoint(null);
                    context.Request.RouteValues.Clear();
                    context.Request.Path = refused is null ? "/error" : "/status/" + refused.StatusCode.ToString(CultureInfo.InvariantCulture);
                    context.Request.QueryString = QueryString.Empty;
                    // A failed form post is shown the error page, not posted to it.
                    context.Request.Method = HttpMethods.Get;
                    context.Response.StatusCode = refused is null ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
                    try
                    {
                        await again(context);
                    }
                    finally
                    {
                        context.RequestServices = services;
                    }
                }
            };
        });
        return app;
    }

    // A second pass through routing, then the rest of the pipeline, as the framework's re-execution does.
    private static RequestDelegate Reroute(WebApplication app, RequestDelegate next)
    {
        var rerouted = ((IApplicationBuilder)app).New();
        rerouted.Properties[GlobalEndpointRouteBuilderKey] = app;
        rerouted.UseRouting();
        rerouted.Run(next);
        return rerouted.Build();
    }
}
