using EventChat.Application.Abstractions;
using EventChat.Infrastructure.Observability;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace EventChat.Infrastructure.Operations;

/// <summary>
/// The Hangfire job of the daily backup and of <c>POST /api/admin/backups</c>. In the dashboard: its steps as the
/// job's "progress" parameter, its result (sizes) on the Succeeded state; a failure (the database down) shows as
/// Failed and is retried three times (after 1, 5 and 15 minutes), then stays Failed.
/// </summary>
public sealed class BackupJob(BackupRunner runner, EventChatMetrics metrics, IClock clock, ILogger<BackupJob> logger)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 60, 300, 900 }, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    [JobDisplayName("Backup: event store and files")]
    public async Task<BackupSummary> RunAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        var progress = new SynchronousProgress(step =>
        {
            logger.LogInformation("Backup: {Step}", step);

            // Storage hiccups (Redis) cost a progress line, never the backup.
            try
            {
                context?.SetJobParameter("progress", step);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Backup progress not saved for the dashboard");
            }
        });

        try
        {
            var manifest = await runner.RunAsync(progress, cancellationToken);
            metrics.BackupFinished(true, clock.UtcNow);
            return new BackupSummary(manifest.Id, manifest.HeadPosition, manifest.DatabaseDump?.Bytes ?? 0, manifest.Objects, manifest.Files?.Bytes ?? 0, manifest.MissingObjects.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.BackupFinished(false, clock.UtcNow);
            logger.LogError(ex, "Backup failed; Hangfire retries it");
            throw;
        }
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; the steps of one backup must keep their order.</summary>
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}

/// <summary>What the dashboard shows as the job's result.</summary>
public sealed record BackupSummary(string Id, long HeadPosition, long DatabaseBytes, int Objects, long FilesBytes, int MissingObjects);
