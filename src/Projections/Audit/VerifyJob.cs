using EventChat.Projections.Engine;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace EventChat.Projections.Audit;

/// <summary>
/// The Hangfire job behind <c>POST /api/audit/verify</c>. It runs in a process that runs the projections; its progress
/// shows in the dashboard (the job's "progress" parameter and its log lines) and in <c>GET /api/audit/verify/{jobId}</c>
/// (saved every second while it changes), and its report is kept in <see cref="VerifyReportStore"/>.
/// Not retried: a failed verify says so in its report, and an auditor asks again.
/// </summary>
public sealed class VerifyJob(ReadModelVerifier verifier, VerifyReportStore reports, ILogger<VerifyJob> logger)
{
    private static readonly TimeSpan ProgressSaveInterval = TimeSpan.FromSeconds(1);

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Audit: verify the read models against a replay of the log")]
    public async Task<long> RunAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        var jobId = context?.BackgroundJob.Id ?? throw new InvalidOperationException("The verify job runs under Hangfire, which names it.");
        await reports.StartAsync(jobId, cancellationToken);

        string? latest = null;
        var lastPercent = -1;
        var progress = new SynchronousProgress<VerifyProgress>(p =>
        {
            latest = p.ToString();
            var percent = (int)(p.Fraction * 100);
            if (percent == lastPercent)
            {
                return;
            }

            lastPercent = percent;

            // A Redis hiccup (the dashboard's storage) costs a progress line, never the verify.
            try
            {
                context.SetJobParameter("progress", latest);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Verify progress not saved for the dashboard");
            }

            logger.LogInformation("Verify: {Progress}", latest);
        });

        using var stopSaving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var saving = SaveProgressAsync(jobId, () => latest, stopSaving.Token);
        VerifyReport report;
        try
        {
            report = await verifier.VerifyAsync(progress, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Verify failed");
            await reports.FailAsync(jobId, ex.Message, CancellationToken.None);
            throw;
        }
        finally
        {
            await stopSaving.CancelAsync();
            await saving;
        }

        await reports.SucceedAsync(jobId, report, cancellationToken);
        return report.DifferenceCount;
    }

    /// <summary>Saves the latest progress for the report's readers, at most every <see cref="ProgressSaveInterval"/>.</summary>
    private async Task SaveProgressAsync(string jobId, Func<string?> latest, CancellationToken cancellationToken)
    {
        string? saved = null;
        using var timer = new PeriodicTimer(ProgressSaveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = latest();
                if (now is not null && now != saved)
                {
                    await reports.ProgressAsync(jobId, now, cancellationToken);
                    saved = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The verify ended.
        }
        catch (MySqlConnector.MySqlException ex)
        {
            logger.LogWarning(ex, "Verify progress not saved in its report; the verify goes on");
        }
    }
}
