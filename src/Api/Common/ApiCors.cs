using EventChat.Infrastructure.Configuration;

namespace EventChat.Api.Common;

/// <summary>
/// The default CORS policy: the origins of <c>WS_CORS_ORIGIN</c> (comma-separated; <c>*</c> allows any, and
/// <c>https://*.example.com</c> any subdomain), with credentials, any header and method, and the response headers
/// clients read exposed.
/// </summary>
public static class ApiCors
{
    public static readonly string[] ExposedHeaders = [CorrelationIds.HeaderName, "X-Position", "Retry-After"];

    public static IServiceCollection AddApiCors(this IServiceCollection services, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var origins = settings.WsCorsOrigins.Select(o => o.TrimEnd('/')).ToArray();
        services.AddCors(options => options.AddDefaultPolicy(policy =>
        {
            if (origins.Contains("*"))
            {
                // Credentials forbid a literal '*': reflect whatever origin asks.
                policy.SetIsOriginAllowed(_ => true);
            }
            else
            {
                policy.WithOrigins(origins).SetIsOriginAllowedToAllowWildcardSubdomains();
            }

            policy.AllowCredentials()
                .AllowAnyHeader()
                .AllowAnyMethod()
                .WithExposedHeaders(ExposedHeaders);
        }));
        return services;
    }
}
