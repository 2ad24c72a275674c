using System.Globalization;
using System.Threading.RateLimiting;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Observability;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace EventChat.Api.Common;

/// <summary>
/// ASP.NET Core's rate limiter, fixed windows of SECURITY_RATE_LIMIT_TTL: the anonymous auth routes per client IP
/// (<see cref="EventChatSettings.AuthRateLimitPermits"/>), authenticated writes per user
/// (<see cref="EventChatSettings.WriteRateLimitPermits"/>). Reads are not limited. A refusal is 429 problem+json
/// with <c>Retry-After</c>. The client IP is the direct peer unless that peer is one of TRUSTED_PROXIES, whose
/// <c>X-Forwarded-For</c> then names it (ForwardedHeaders middleware).
/// </summary>
public static class ApiRateLimiting
{
    public const string AuthPolicy = "auth";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Only the configured proxies; the defaults (loopback) are dropped too.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in settings.TrustedProxies)
            {
                options.KnownIPNetworks.Add(network);
            }
        });

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(AuthPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                "ip:" + ClientIp(http), _ => Window(settings.AuthRateLimitPermits, settings.RateLimitWindow)));
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                IsWrite(http.Request.Method) && http.User.FindFirst("sub")?.Value is { } userId
                    ? RateLimitPartition.GetFixedWindowLimiter("user:" + userId, _ => Window(settings.WriteRateLimitPermits, settings.RateLimitWindow))
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            // The body is the status code pages' problem+json; the wait goes in Retry-After.
            options.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : settings.RateLimitWindow;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "write";
                context.HttpContext.RequestServices.GetRequiredService<EventChatMetrics>().RateLimitRejected(policy);
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>First in the pipeline, so that logs and the limiter see the client, not the proxy. Trusting no proxy, it is not used at all.</summary>
    public static WebApplication UseApiForwardedHeaders(this WebApplication app, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);

        // With empty KnownProxies and KnownIPNetworks the middleware would believe every peer: skip it instead.
        if (settings.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
