using EventChat.Projections.Engine;
using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace EventChat.Projections.Jobs;

/// <summary>
/// The Hangfire job behind <c>POST /api/admin/projections/{name}/rebuild</c>. It runs in the process
/// that runs projections; its progress shows in the dashboard (the job's "progress" parameter and its
/// log lines) and in <c>GET /api/admin/projections</c> once swapped.
/// </summary>
public sealed class ProjectionRebuildJob(ProjectionRebuilder rebuilder, ILogger<ProjectionRebuildJob> logger)
{
    public async Task<RebuildReport> RunAsync(string projection, PerformContext? context, CancellationToken cancellationToken)
    {
        var lastReported = -1;
        var progress = new Progress<RebuildProgress>(p =>
        {
            var percent = (int)(p.Fraction * 100);
            if (percent == lastReported)
            {
                return;
            }

            lastReported = percent;

            // Progress<T> runs this on the thread pool, where an exception would take the whole process down: a Redis
            // hiccup (the dashboard's storage) must cost one progress line, never the Api. Logged and skipped.
            try
            {
                context?.SetJobParameter("progress", $"{percent}% ({p.Position:N0} of {p.Target:N0})");
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Rebuild progress of {Projection} not saved for the dashboard", p.Projection);
            }

            logger.LogInformation("Rebuilding {Projection}: {Percent}% ({Position} of {Target})", p.Projection, percent, p.Position, p.Target);
        });
        return await rebuilder.RebuildAsync(projection, progress, cancellationToken);
    }
}
