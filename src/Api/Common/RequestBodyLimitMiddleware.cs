using Microsoft.AspNetCore.Http.Features;

namespace EventChat.Api.Common;

/// <summary>
/// Enforces the route's body limit (<see cref="RequestBodyLimits"/>): a declared <c>Content-Length</c> over it is
/// refused before any byte is read (413 problem+json); otherwise the server's limit feature is set (Kestrel
/// enforces it while reading), and on servers without that feature (the in-memory test server) the body stream
/// itself stops at the limit.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (RequestBodyLimits.ForEndpoint(context) is not { } limit
            || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return next(context);
        }

        RequestBodyLimits.Remember(context, limit);
        if (context.Request.ContentLength > limit)
        {
            throw RequestBodyLimits.TooLarge(limit);
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is null)
        {
            context.Request.Body = new LengthLimitedStream(context.Request.Body, limit);
        }
        else if (!feature.IsReadOnly)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
