using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// Keeps presence true: refreshes this instance's connections every <see cref="PresenceTracker.RefreshInterval"/>,
/// and sweeps users whose connections all expired (an instance that died) every <see cref="SweepInterval"/>,
/// pushing their going offline. Every instance sweeps; the script hands each user to one of them.
/// </summary>
public sealed class PresenceMaintenance(ChatConnections connections, PresenceTracker presence, PresenceNotifier notifier, ILogger<PresenceMaintenance> logger)
    : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastRefresh = DateTime.UtcNow;
        using var timer = new PeriodicTimer(SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (DateTime.UtcNow - lastRefresh >= PresenceTracker.RefreshInterval)
                {
                    lastRefresh = DateTime.UtcNow;
                    await RefreshAsync(stoppingToken);
                }

                foreach (var userId in await presence.SweepAsync())
                {
                    await notifier.NotifyAsync(userId, online: false, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Redis or the read model unavailable: this loop must outlive it.
                logger.LogWarning(ex, "Presence maintenance failed; trying again in {Interval}", SweepInterval);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        // Concurrently: the multiplexer pipelines them, so 10,000 connections cost one burst, not 10,000 round trips.
        var live = connections.Snapshot();
        var cameBack = await Task.WhenAll(live.Select(c => presence.ConnectAsync(c.UserId, c.ConnectionId)));
        foreach (var userId in live.Where((_, i) => cameBack[i]).Select(c => c.UserId).Distinct())
        {
            // Swept while this instance could not refresh it (a long pause): online again.
            await notifier.NotifyAsync(userId, online: true, stoppingToken);
        }
    }
}
