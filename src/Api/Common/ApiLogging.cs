using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Logging;
using Microsoft.AspNetCore.Diagnostics;
using Serilog.AspNetCore;
using Serilog.Events;

namespace EventChat.Api.Common;

/// <summary>
/// The Api's logging: <see cref="EventChatLogging"/> (JSON lines, rolling <c>logs/app.log</c>, level from
/// <c>LOG_LEVEL</c>, the request's correlation id on every line) plus one line per request with route, status
/// and duration.
/// </summary>
public static class ApiLogging
{
    public static WebApplicationBuilder AddApiLogging(this WebApplicationBuilder builder, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.Services.AddEventChatLogging(settings.LogLevel, builder.Environment.ContentRootPath, "EventChat.Api", settings.LogInstance);
        return builder;
    }

    /// <summary>One line per request: method, path, route pattern, status, duration (and the correlation id, from the log context).</summary>
    public static void ConfigureRequestLogging(RequestLoggingOptions options, Serilog.ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Without it the middleware writes to the static logger, which this host does not own.
        options.Logger = logger;
        options.MessageTemplate = "HTTP {RequestMethod:l} {RequestPath:l} ({RoutePattern:l}) responded {StatusCode} in {Elapsed:0.0} ms";
        options.GetLevel = (context, _, exception) =>
            exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError
                ? LogEventLevel.Error
                : LogEventLevel.Information;

        // The exception handler clears the endpoint; its feature keeps the one that failed.
        options.EnrichDiagnosticContext = (diagnostics, context) =>
            diagnostics.Set("RoutePattern", (context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint) switch
            {
                RouteEndpoint { RoutePattern.RawText: { } pattern } => pattern,
                { DisplayName: { } name } => name,
                _ => "(no route)",
            });
    }
}
