using Microsoft.AspNetCore.Authorization;

namespace EventChat.Api.Common;

/// <summary>
/// Lets routing's own answers through authorization: a request that matches no route (404), or a route but not
/// its method (405) or content type (415), is answered as such instead of 401 by the fallback policy, which
/// otherwise applies to every request without an endpoint of its own. Must run before <c>UseAuthorization</c>.
/// Consequence: anything served by middleware rather than by endpoints must authorize itself (prefer endpoints,
/// e.g. <c>MapHangfireDashboard</c>, with <c>RequireAuthorization</c>).
/// </summary>
public sealed class RoutingRejectionMiddleware(RequestDelegate next)
{
    // The display names of the endpoints ASP.NET Core's matcher policies put in place of a rejected match.
    private const string MethodNotAllowedEndpoint = "405 HTTP Method Not Supported";
    private const string UnsupportedMediaTypeEndpoint = "415 HTTP Unsupported Media Type";

    private static readonly EndpointMetadataCollection Anonymous = new(new AllowAnonymousAttribute());

    /// <summary>Stands for "no route": anonymous, and without a delegate, so later middleware still sees an unhandled request.</summary>
    private static readonly Endpoint NoRoute = new(requestDelegate: null, Anonymous, "No route");

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            context.SetEndpoint(NoRoute);
        }
        else if (endpoint is not RouteEndpoint
            && endpoint.Metadata.Count == 0
            && endpoint.DisplayName is MethodNotAllowedEndpoint or UnsupportedMediaTypeEndpoint)
        {
            context.SetEndpoint(new Endpoint(endpoint.RequestDelegate, Anonymous, endpoint.DisplayName));
        }

        return next(context);
    }

    /// <summary>True when the request matched no route at all.</summary>
    public static bool MatchedNoRoute(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint() is not { } endpoint || ReferenceEquals(endpoint, NoRoute);
    }
}
