using CaseFlow.Kernel.Primitives;
using Microsoft.AspNetCore.Http;

namespace CaseFlow.Kernel.Web;

public static class Problems
{
    /// <summary>The HTTP status an expected failure is reported with.</summary>
    public static int StatusCode(this ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>An expected failure as ProblemDetails: the stable code in <c>code</c>, the field (if any) under <c>errors</c>.</summary>
    public static IResult ToProblem(this Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null)
        {
            // A field names what to correct; the kind still decides the status (a conflict over a field is a 409).
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { [error.Field] = [error.Message] },
                detail: error.Message,
                statusCode: error.Kind.StatusCode(),
                title: "The request is not valid.",
                extensions: extensions);
        }

        return TypedResults.Problem(detail: error.Message, statusCode: error.Kind.StatusCode(), extensions: extensions);
    }

    /// <summary>200 with the value, or the error as ProblemDetails.</summary>
    public static IResult ToHttp<T>(this Result<T> result) => result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
}
