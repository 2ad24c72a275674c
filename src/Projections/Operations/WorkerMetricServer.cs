using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace EventChat.Projections.Operations;

/// <summary>
/// <c>GET /metrics</c> of the projections worker on METRICS_PORT (default 9464, all interfaces): the worker serves no
/// other HTTP, so prometheus-net's own small Kestrel server serves the process's registry, the same
/// <see cref="EventChatMetrics"/> registry the Api maps at <c>/metrics</c> on PORT. Under compose the worker is the
/// Hangfire server, so the backup counters (<c>eventchat_backups_total</c>, the last success) are here, with the
/// projection gauges and the process's own metrics. A port that is taken stops the worker at start, naming the setting.
/// </summary>
public sealed class WorkerMetricServer(EventChatMetrics metrics, EventChatSettings settings, ILogger<WorkerMetricServer> logger) : IHostedService, IDisposable
{
    private KestrelMetricServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.MetricsPort is not { } port)
        {
            return Task.CompletedTask;
        }

        var server = new KestrelMetricServer(new KestrelMetricServerOptions { Port = checked((ushort)port), Registry = metrics.Registry });
        try
        {
            server.Start();
        }
        catch (IOException ex)
        {
            server.Dispose();
            throw new SettingsException("METRICS_PORT", $"port {port} cannot be listened on: {ex.Message}");
        }

        _server = server;
        logger.LogInformation("Metrics at http://0.0.0.0:{Port}/metrics", port);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            await server.StopAsync();
        }
    }

    public void Dispose() => _server?.Dispose();
}
