using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Operations;

/// <summary>
/// Registers (or, with BACKUP_SCHEDULE=off, removes) the recurring backup at start. Every process does it with the same
/// id, so it exists once; whichever Hangfire server takes it runs it. Redis (Hangfire's storage) unreachable at start
/// does not stop the process: the registration is retried in the background until it succeeds.
/// </summary>
public sealed class BackupSchedule(BackupOptions options, IRecurringJobManager recurringJobs, ILogger<BackupSchedule> logger) : IHostedService, IDisposable
{
    /// <summary>How long to wait between attempts while Redis is unreachable.</summary>
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!TryRegister())
        {
            _retries = RetryAsync(_stopping.Token);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_retries.IsCompleted)
        {
            // Registered at start (the usual case), or already stopped: nothing runs.
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            await _retries.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped while Redis was still away.
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryAsync(CancellationToken stopping)
    {
        do
        {
            await Task.Delay(RetryEvery, stopping);
        }
        while (!TryRegister());
    }

    private bool TryRegister()
    {
        try
        {
            if (!options.ScheduleEnabled)
            {
                recurringJobs.RemoveIfExists(BackupOptions.RecurringJobId);
                return true;
            }

            recurringJobs.AddOrUpdate<BackupJob>(
                BackupOptions.RecurringJobId,
                job => job.RunAsync(null, CancellationToken.None),
                options.Schedule,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            logger.LogInformation("Backups scheduled at '{Schedule}' (UTC) into {Directory}", options.Schedule, options.Directory);
            return true;
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Backup schedule not registered (Redis unreachable); retrying in {Delay}", RetryEvery);
            return false;
        }
    }
}
