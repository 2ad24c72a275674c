using EventChat.Infrastructure.Configuration;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace EventChat.Api.Common;

/// <summary>
/// Serilog: JSON lines on the console and in a rolling <c>logs/app.log</c> (20 MB per file, 14 files), level from
/// <c>LOG_LEVEL</c>, every line carrying the request's correlation id, one line per request with route, status and
/// duration. Each host owns its logger (the static <see cref="Log.Logger"/> is left alone), so several hosts can run
/// in one process, as <c>WebApplicationFactory</c> tests do.
/// </summary>
public static class ApiLogging
{
    public const string LogDirectoryName = "logs";
    public const string LogFileName = "app.log";
    public const long FileSizeLimitBytes = 20L * 1024 * 1024;
    public const int RetainedFileCount = 14;

    /// <summary>Where the log file goes: <c>logs/app.log</c> under the content root (the working directory of <c>make run</c>).</summary>
    public static string LogFilePath(string contentRootPath) => Path.Combine(contentRootPath, LogDirectoryName, LogFileName);

    public static WebApplicationBuilder AddApiLogging(this WebApplicationBuilder builder, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var minimum = Enum.Parse<LogEventLevel>(settings.LogLevel, ignoreCase: true);
        var logFile = LogFilePath(builder.Environment.ContentRootPath);
        builder.Services.AddSerilog((_, configuration) => Configure(configuration, minimum, logFile), preserveStaticLogger: true);
        return builder;
    }

    /// <summary>The logger configuration; Microsoft.* and System.* stay at Warning unless the level is Debug or Verbose.</summary>
    public static LoggerConfiguration Configure(LoggerConfiguration configuration, LogEventLevel minimum, string logFile)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var frameworkLevel = minimum <= LogEventLevel.Debug ? minimum : (LogEventLevel)Math.Max((int)minimum, (int)LogEventLevel.Warning);
        return configuration
            .MinimumLevel.Is(minimum)
            .MinimumLevel.Override("Microsoft", frameworkLevel)
            .MinimumLevel.Override("System", frameworkLevel)
            // Start, stop and the listening address are worth a line at the default level.
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", minimum <= LogEventLevel.Information ? minimum : frameworkLevel)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Application", "EventChat.Api")
            .WriteTo.Console(new RenderedCompactJsonFormatter())
            .WriteTo.File(
                new RenderedCompactJsonFormatter(),
                logFile,
                fileSizeLimitBytes: FileSizeLimitBytes,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: RetainedFileCount,
                // Several processes (or test hosts) may write the same file.
                shared: true);
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
    }
}
