using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace EventChat.Infrastructure.Logging;

/// <summary>
/// Serilog for every EventChat process (the Api and the projections worker): JSON lines on the console
/// and in a rolling <c>logs/app.log</c> (20 MB per file, 14 files), level from <c>LOG_LEVEL</c>, each line
/// tagged with its <c>Application</c>. Each host owns its logger (the static <see cref="Log.Logger"/> is
/// left alone), so several hosts can run in one process, as <c>WebApplicationFactory</c> tests do.
/// </summary>
public static class EventChatLogging
{
    public const string LogDirectoryName = "logs";
    public const string LogFileName = "app.log";
    public const long FileSizeLimitBytes = 20L * 1024 * 1024;
    public const int RetainedFileCount = 14;

    /// <summary>Log lines waiting for the background writer; more are dropped (a burst of this many is minutes of normal load).</summary>
    public const int LogQueueLimit = 50_000;

    /// <summary>How long a line may wait for its batch: the writer wakes at most this often under load.</summary>
    public static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Where the log file goes: <c>logs/app.log</c> under the content root, or <c>logs/app-{instance}.log</c> with LOG_INSTANCE
    /// (<c>{hostname}</c> in it becomes the machine's name: under compose, each replica's container), so that replicas
    /// sharing one logs volume each write a file of their own.
    /// </summary>
    public static string LogFilePath(string contentRootPath, string? instance = null) =>
        Path.Combine(
            contentRootPath,
            LogDirectoryName,
            string.IsNullOrEmpty(instance)
                ? LogFileName
                : $"app-{instance.Replace("{hostname}", Environment.MachineName, StringComparison.Ordinal)}.log");

    public static IServiceCollection AddEventChatLogging(
        this IServiceCollection services, string logLevel, string contentRootPath, string application, string? instance = null) =>
        services.AddSerilog(
            (_, configuration) => Configure(configuration, Enum.Parse<LogEventLevel>(logLevel, ignoreCase: true), LogFilePath(contentRootPath, instance), application),
            preserveStaticLogger: true);

    /// <summary>The logger configuration; Microsoft.* and System.* stay at Warning unless the level is Debug or Verbose.</summary>
    public static LoggerConfiguration Configure(LoggerConfiguration configuration, LogEventLevel minimum, string logFile, string application)
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
            .Enrich.WithProperty("Application", application)
            // Written in batches by a background worker: the console and the shared file take a lock and a write per
            // line, and under load the requests queued on them (docs/messaging.md, profile); a worker woken per line
            // cost a thread switch per request. Lines beyond the queue are dropped rather than making requests wait;
            // the queue is written out when the host stops.
            .WriteTo.Sink(
                new LogBatchWriter(LoggerSinkConfiguration.CreateSink(sinks =>
                {
                    sinks.Sink(new BufferedConsoleSink(new RenderedCompactJsonFormatter()));
                    sinks.File(
                        new RenderedCompactJsonFormatter(),
                        logFile,
                        fileSizeLimitBytes: FileSizeLimitBytes,
                        rollOnFileSizeLimit: true,
                        retainedFileCountLimit: RetainedFileCount,
                        // Several processes (or test hosts) may write the same file.
                        shared: true);
                })),
                new BatchingOptions
                {
                    BatchSizeLimit = 1_000,
                    BufferingTimeLimit = BatchInterval,
                    QueueLimit = LogQueueLimit,
                    EagerlyEmitFirstEvent = true,
                });
    }
}
