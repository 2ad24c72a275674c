using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventChat.Infrastructure.Operations;

/// <summary>
/// Registers (or, with BACKUP_SCHEDULE=off, removes) the recurring backup at start. Every process does it with the same
/// id, so it exists once; whichever Hangfire server takes it runs it.
/// </summary>
public sealed class BackupSchedule(BackupOptions options, IRecurringJobManager recurringJobs, ILogger<BackupSchedule> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.ScheduleEnabled)
        {
            recurringJobs.RemoveIfExists(BackupOptions.RecurringJobId);
            return Task.CompletedTask;
        }

        recurringJobs.AddOrUpdate<BackupJob>(
            BackupOptions.RecurringJobId,
            job => job.RunAsync(null, CancellationToken.None),
            options.Schedule,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        logger.LogInformation("Backups scheduled at '{Schedule}' (UTC) into {Directory}", options.Schedule, options.Directory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
