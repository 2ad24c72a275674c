using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Observability;
using EventChat.Projections.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace EventChat.Projections.Operations;

/// <summary>
/// Position, head, lag (in events and in seconds) and parked events of every projection, read from the checkpoints
/// table when Prometheus scrapes: any process (an Api replica that runs no projection included) reports the same
/// values, so an alert takes the max over instances. Lag in seconds is the age of the oldest event the projection
/// has not applied, which is what "lag > 10 s" means to someone waiting for a read model.
/// </summary>
public sealed class ProjectionMetrics(
    EventChatMetrics metrics, MySqlConnectionFactory connections, IEnumerable<IMySqlProjection> projections, ILogger<ProjectionMetrics> logger)
    : IHostedService
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);
    private readonly string[] _names = projections.Select(p => p.Name).ToArray();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.Registry.AddBeforeCollectCallback(CollectAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sets the gauges; a database that does not answer leaves them as they were (the scrape still serves the rest).</summary>
    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        if (_names.Length == 0)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            await using var connection = await connections.OpenAsync(timeout.Token);
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                """
                SELECT c.name AS Name, c.position AS Position, h.position AS Head,
                       (SELECT COUNT(*) FROM es_parked_events p WHERE p.projection = c.name) AS Parked,
                       (SELECT e.created_at FROM es_events e WHERE e.position = c.position + 1) AS OldestPendingAt,
                       UTC_TIMESTAMP(6) AS Now
                FROM es_projection_checkpoints c CROSS JOIN es_log_head h
                WHERE h.id = 1 AND c.name IN @names
                """,
                new { names = _names },
                cancellationToken: timeout.Token));
            foreach (var row in rows)
            {
                // The database's clock on both sides: the Api's clock may differ from the one that stamped the event.
                var lagSeconds = row.Position < row.Head && row.OldestPendingAt is { } at ? Math.Max(0, (row.Now - at).TotalSeconds) : 0;
                metrics.ProjectionObserved(row.Name, row.Position, row.Head, lagSeconds, row.Parked);
            }
        }
        catch (Exception ex) when (ex is MySqlException or OperationCanceledException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Projection metrics not read; the scrape serves the last values");
        }
    }

    private sealed record Row(string Name, long Position, long Head, long Parked, DateTime? OldestPendingAt, DateTime Now);
}
