using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace EventChat.Api.Common;

/// <summary>
/// Completes every problem+json body the Api writes: <c>type</c>, <c>title</c>, <c>status</c> and a <c>detail</c> a
/// person can act on are always present, plus <c>instance</c>, <c>correlationId</c> and <c>traceId</c>.
/// </summary>
public static class ProblemDetailsEnricher
{
    public const string CorrelationIdExtension = "correlationId";
    public const string TraceIdExtension = "traceId";

    public static void Enrich(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        var status = problem.Status.Value;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
        problem.Type ??= TypeFor(status);
        problem.Detail ??= DefaultDetail(http, status);
        problem.Instance ??= (http.Request.PathBase + http.Request.Path).Value;
        problem.Extensions[CorrelationIdExtension] = CorrelationIds.Get(http);
        problem.Extensions.TryAdd(TraceIdExtension, Activity.Current?.Id ?? http.TraceIdentifier);
    }

    /// <summary>The RFC 9110 section of a status (what ASP.NET Core uses where it knows one).</summary>
    public static string TypeFor(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        406 => "https://tools.ietf.org/html/rfc9110#section-15.5.7",
        408 => "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        412 => "https://tools.ietf.org/html/rfc9110#section-15.5.13",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        502 => "https://tools.ietf.org/html/rfc9110#section-15.6.3",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        504 => "https://tools.ietf.org/html/rfc9110#section-15.6.5",
        _ => "about:blank",
    };

    /// <summary>The detail of a bare status (status code pages: unknown route, wrong method, auth challenges, …).</summary>
    private static string DefaultDetail(HttpContext http, int status)
    {
        var method = http.Request.Method;
        var path = (http.Request.PathBase + http.Request.Path).Value;
        return status switch
        {
            400 => "The request is not valid.",
            401 => "Authentication is required: send a valid access token as 'Authorization: Bearer <token>'.",
            403 => "You are not allowed to do this.",
            // No endpoint at all: routing found nothing for this path.
            404 when http.GetEndpoint() is null => $"No route matches {method} {path}.",
            404 => "The resource was not found.",
            405 => http.Response.Headers.Allow.ToString() is { Length: > 0 } allowed
                ? $"{method} is not allowed on {path}; allowed: {allowed}."
                : $"{method} is not allowed on {path}.",
            409 => "The request conflicts with the current state of the resource.",
            413 => RequestBodyLimits.Applied(http) is { } limit
                ? $"The request body is too large: at most {limit} bytes are accepted here."
                : "The request body is too large.",
            // Routing itself answers 415 when a route declares the content types it accepts (JSON bodies do).
            415 => http.Request.ContentType is { Length: > 0 } contentType
                ? $"Content type '{contentType}' is not accepted by {method} {path}; JSON routes take 'Content-Type: application/json'."
                : $"{method} {path} needs a body with a supported content type; JSON routes take 'Content-Type: application/json'.",
            429 => "Too many requests; retry later.",
            >= 500 and < 600 when status != 503 => ApiExceptionHandler.UnexpectedErrorDetail,
            503 => "A service this request needs is unavailable; retry later.",
            _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : "The request failed.",
        };
    }
}
