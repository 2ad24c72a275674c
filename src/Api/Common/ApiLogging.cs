using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Logging;
using Microsoft.AspNetCore.Diagnostics;
using Serilog.AspNetCore;
using Serilog.Events;

namespace EventChat.Api.Common;

/// <summary>
/// The Api's logging: <see cref="EventChatLogging"/> (JSON lines, rolling <c>logs/app.log</c>, level from
/// <c>LOG_LEVEL</c>, the request's correlation id on every line) plus a line per request that failed, was refused
/// or was slow, with route, status and duration (every request at Debug).
/// </summary>
public static class ApiLogging
{
    public static WebApplicationBuilder AddApiLogging(this WebApplicationBuilder builder, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.Services.AddEventChatLogging(settings.LogLevel, builder.Environment.ContentRootPath, "EventChat.Api", settings.LogInstance);
        builder.Services.AddSingleton<RefusalLogBudget>();
        return builder;
    }

    /// <summary>
    /// A request slower than this is logged at Warning whatever its status (the <c>HighResponseTime</c> alert fires
    /// on the p95 over 3 s; this finds the requests behind it).
    /// </summary>
    public static readonly TimeSpan SlowRequest = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One line per request that did not simply succeed: method, path, route pattern, status, duration (and the
    /// correlation id, from the log context). Failures (5xx, exceptions) are Error, slow requests Warning, refusals
    /// (4xx) Information within <paramref name="refusals"/>' budget (Debug beyond it); a quick success is Debug, so it is
    /// not written at the default level. Every request is
    /// already in nginx's access log (with its correlation id and time) and in <c>http_requests_total</c> and
    /// <c>http_request_duration_seconds</c>; a line per send was a tenth of the Api's CPU (docs/messaging.md), and at
    /// 5,000 requests/s it would fill the 14 × 20 MB of log files in under ten minutes.
    /// </summary>
    public static void ConfigureRequestLogging(RequestLoggingOptions options, Serilog.ILogger logger, RefusalLogBudget refusals)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(refusals);
        // Without it the middleware writes to the static logger, which this host does not own.
        options.Logger = logger;
        options.MessageTemplate = "HTTP {RequestMethod:l} {RequestPath:l} ({RoutePattern:l}) responded {StatusCode} in {Elapsed:0.0} ms";
        options.GetLevel = (context, elapsedMs, exception) =>
        {
            var level = LevelOf(context.Response.StatusCode, elapsedMs, exception);
            if (level != LogEventLevel.Information)
            {
                return level;
            }

            if (!refusals.TryTake(out var notLogged))
            {
                return LogEventLevel.Debug;
            }

            if (notLogged > 0)
            {
                context.Items[RefusalsNotLoggedKey] = notLogged;
            }

            return level;
        };

        // Called only for a line that is written, after GetLevel. The exception handler clears the endpoint; its
        // feature keeps the one that failed.
        options.EnrichDiagnosticContext = (diagnostics, context) =>
        {
            diagnostics.Set("RoutePattern", (context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint) switch
            {
                RouteEndpoint { RoutePattern.RawText: { } pattern } => pattern,
                { DisplayName: { } name } => name,
                _ => "(no route)",
            });
            if (context.Items.TryGetValue(RefusalsNotLoggedKey, out var notLogged))
            {
                diagnostics.Set("RefusalsNotLogged", notLogged);
            }
        };
    }

    private static readonly object RefusalsNotLoggedKey = new();

    /// <summary>The level of a request's line: see <see cref="ConfigureRequestLogging"/>.</summary>
    public static LogEventLevel LevelOf(int statusCode, double elapsedMs, Exception? exception) =>
        exception is not null || statusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
        : elapsedMs >= SlowRequest.TotalMilliseconds ? LogEventLevel.Warning
        : statusCode >= StatusCodes.Status400BadRequest ? LogEventLevel.Information
        : LogEventLevel.Debug;
}
