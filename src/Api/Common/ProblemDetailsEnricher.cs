using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace EventChat.Api.Common;

/// <summary>
/// ASP.NET Core's <c>CustomizeProblemDetails</c> for every problem+json body the Api writes (exceptions, status code
/// pages, the rate limiter): <c>title</c>, <c>type</c> and a <c>detail</c> a person can act on are always present,
/// plus <c>instance</c>, <c>correlationId</c> and <c>traceId</c>.
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
        var status = problem.Status ??= http.Response.StatusCode;

        // ASP.NET Core's defaults already gave type and title to the statuses it knows; the rest (413, 429) get these.
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
        problem.Type ??= "about:blank";
        problem.Detail ??= DefaultDetail(http, status);
        problem.Instance ??= (http.Request.PathBase + http.Request.Path).Value;
        problem.Extensions[CorrelationIdExtension] = CorrelationIds.Get(http);
        problem.Extensions.TryAdd(TraceIdExtension, Activity.Current?.Id ?? http.TraceIdentifier);
    }

    /// <summary>The detail of a bare status (status code pages: unknown route, wrong method, auth challenges, binding failures…).</summary>
    private static string DefaultDetail(HttpContext http, int status)
    {
        var method = http.Request.Method;
        var path = (http.Request.PathBase + http.Request.Path).Value;
        return status switch
        {
            400 when http.Request.ContentLength == 0 && !HttpMethods.IsGet(method) => "A JSON request body is required.",
            400 => "The request is malformed: the JSON body or a parameter is missing, or a route or query parameter has a value of the wrong type.",
            401 => "Authentication is required: send a valid access token as 'Authorization: Bearer <token>'.",
            403 => "You are not allowed to do this.",
            404 when http.GetEndpoint() is null => $"No route matches {method} {path}.",
            404 => "The resource was not found.",
            405 => http.Response.Headers.Allow.ToString() is { Length: > 0 } allowed
                ? $"{method} is not allowed on {path}; allowed: {allowed}."
                : $"{method} is not allowed on {path}.",
            409 => "The request conflicts with the current state of the resource.",
            413 => http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
                ? $"The request body is too large: at most {limit} bytes are accepted here."
                : "The request body is too large.",
            // Routing's own 415 endpoint carries no metadata of the route that refused, so name both kinds.
            415 => "The request body has the wrong type for this route: JSON routes take 'Content-Type: application/json', uploads 'multipart/form-data'"
                + (http.Request.ContentType is { Length: > 0 } contentType ? $" (got '{contentType}')." : "."),
            429 => "Too many requests; retry after the number of seconds in Retry-After.",
            503 => "A service this request needs is unavailable; retry later.",
            >= 500 => ApiExceptionHandler.UnexpectedErrorDetail,
            _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : "The request failed.",
        };
    }
}
