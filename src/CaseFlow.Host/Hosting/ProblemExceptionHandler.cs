using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CaseFlow.Host.Hosting;

/// <summary>
/// Every failure leaves as ProblemDetails: bad input as 400 naming the field, anything unexpected as a 500 whose
/// details stay in the log (and on the page only in Development).
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, IHostEnvironment environment, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            ValidationException validation => new ValidationProblemDetails(
                validation.Errors
                    .GroupBy(e => FieldName(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
            },
            BadHttpRequestException bad => BadRequest(bad),
            _ => Unexpected(httpContext, exception),
        };

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ValidationProblemDetails BadRequest(BadHttpRequestException exception)
    {
        // Name the field the client got wrong: the JSON path of a body that did not bind, or the parameter that did not.
        var field = exception.InnerException is JsonException { Path: { } path } ? FieldName(path.TrimStart('$').TrimStart('.')) : null;
        field ??= ParameterName().Match(exception.Message) is { Success: true } match ? match.Groups["name"].Value : string.Empty;
        string message;
        if (field.Length == 0)
        {
            field = "body";
            message = exception.InnerException is JsonException ? "The body is not well-formed JSON." : exception.Message;
        }
        else
        {
            message = exception.InnerException is JsonException ? $"The value of {field} is not valid." : exception.Message;
        }

        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = exception.StatusCode,
            Title = "The request is not valid.",
        };
    }

    private ProblemDetails Unexpected(HttpContext httpContext, Exception exception)
    {
        logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        return new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred.",
            Detail = environment.IsDevelopment() ? exception.ToString() : "The error was logged. Nothing was saved by this request.",
        };
    }

    private static string FieldName(string path) =>
        string.Join('.', path.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(JsonNamingPolicy.CamelCase.ConvertName));

    [GeneratedRegex("parameter \"(?:[^\"]*\\s)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
