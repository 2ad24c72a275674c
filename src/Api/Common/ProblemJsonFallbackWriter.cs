using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EventChat.Api.Common;

/// <summary>
/// Registered after ASP.NET Core's writer: when a client's <c>Accept</c> header rules that one out (a browser's
/// <c>text/html</c>, say), the contract still says errors are problem+json, so this writes it anyway.
/// </summary>
public sealed class ProblemJsonFallbackWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions)
    : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            problem,
            problem.GetType(),
            jsonOptions.Value.SerializerOptions,
            ContentType,
            context.HttpContext.RequestAborted));
    }
}
