using System.Diagnostics;
using EventChat.Infrastructure.Observability;
using Microsoft.AspNetCore.Diagnostics;
using Prometheus;

namespace EventChat.Api.Observability;

/// <summary>
/// <c>http_requests_total</c> and <c>http_request_duration_seconds</c> with the labels <c>method</c>, <c>route</c>
/// and <c>status_code</c> (prometheus-net's own middleware names them differently), and <c>GET /metrics</c>.
/// The route label is the endpoint's template (<c>/api/conversations/{id}/messages</c>), never the raw path, so
/// ids do not become series; a request that matched no endpoint is <c>(unmatched)</c>.
/// </summary>
public static class HttpMetrics
{
    public const string MetricsPath = "/metrics";
    public const string Unmatched = "(unmatched)";

    private static readonly HashSet<string> KnownMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
    };

    /// <summary>First in the pipeline (after routing, which WebApplication puts first): it sees the final status, 500s included.</summary>
    public static IApplicationBuilder UseHttpMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<EventChatMetrics>();
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var failed = true;
            try
            {
                await next(context);
                failed = false;
            }
            finally
            {
                // The exception handler inside turns failures into answers; one that still escapes reaches the
                // client as Kestrel's 500, whatever the response said so far.
                var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
                metrics.HttpRequestFinished(MethodOf(context.Request.Method), RouteOf(context), status, Stopwatch.GetElapsedTime(started));
            }
        });
    }

    /// <summary>Prometheus text of this process's registry. Not public: nginx denies it, Prometheus scrapes each replica directly.</summary>
    public static IEndpointConventionBuilder MapEventChatMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var registry = endpoints.ServiceProvider.GetRequiredService<EventChatMetrics>().Registry;
        return endpoints.MapMetrics(MetricsPath, registry).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>A fixed set, so that a client inventing methods cannot invent series.</summary>
    private static string MethodOf(string method) => KnownMethods.Contains(method) ? method.ToUpperInvariant() : "OTHER";

    private static string RouteOf(HttpContext context)
    {
        // The exception handler clears the endpoint; its feature keeps the one that failed.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern })
        {
            // A group's MapPost("/") reads "/api/uploads/": the route that answers /api/uploads.
            return pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;
        }

        // The Hangfire dashboard is middleware, not an endpoint: one series for all of its pages.
        return context.Request.Path.StartsWithSegments(Operations.HangfireDashboard.Path) ? Operations.HangfireDashboard.Path + "/*" : Unmatched;
    }
}
