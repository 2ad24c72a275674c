using Serilog;

namespace EventChat.Api.Common;

/// <summary>
/// Adds the matched route pattern to the request's log line. Recorded on the way in, because the exception
/// handler clears the endpoint before the line is written.
/// </summary>
public sealed class RequestLogEnricherMiddleware(RequestDelegate next, IDiagnosticContext diagnosticContext)
{
    public const string RoutePatternProperty = "RoutePattern";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        var route = endpoint switch
        {
            RouteEndpoint { RoutePattern.RawText: { } pattern } => pattern,
            { DisplayName: { } name } => name,
            _ => "(no route)",
        };
        diagnosticContext.Set(RoutePatternProperty, route);
        return next(context);
    }
}
