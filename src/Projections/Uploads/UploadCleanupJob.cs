using EventChat.Application.Uploads.CleanUpUploads;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventChat.Projections.Uploads;

/// <summary>The hourly Hangfire job (<see cref="RecurringJobId"/>) that abandons uploads never stored; progress in the dashboard and the log.</summary>
public sealed class UploadCleanupJob(StaleUploadCleaner cleaner, ILogger<UploadCleanupJob> logger)
{
    public const string RecurringJobId = "uploads-cleanup";

    public async Task<int> RunAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        var progress = new Progress<string>(line =>
        {
            logger.LogInformation("Upload cleanup: {Progress}", line);
            try
            {
                context?.SetJobParameter("progress", line);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Upload cleanup progress not saved for the dashboard");
            }
        });
        var abandoned = await cleaner.CleanAsync(progress, cancellationToken);
        logger.LogInformation("Upload cleanup: {Abandoned} stale uploads abandoned", abandoned);
        return abandoned;
    }
}

/// <summary>Registers <see cref="UploadCleanupJob"/> as an hourly recurring job at start (idempotent; every instance may).</summary>
public sealed class UploadCleanupSchedule(IRecurringJobManager jobs, ILogger<UploadCleanupSchedule> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            jobs.AddOrUpdate<UploadCleanupJob>(UploadCleanupJob.RecurringJobId, job => job.RunAsync(null, CancellationToken.None), Cron.Hourly());
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Redis down at start must not stop the Api: the next start (or another instance) registers it.
            logger.LogWarning(ex, "The upload cleanup job was not scheduled: the job store is unavailable");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
