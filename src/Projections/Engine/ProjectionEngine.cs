using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventChat.Projections.Engine;

/// <summary>
/// Hosts a runner per projection. Every process may run an engine; the leases make exactly one
/// instance of each projection active, and the others stand by to take over.
/// </summary>
public sealed class ProjectionEngine : BackgroundService
{
    private readonly IReadOnlyList<ProjectionRunner> _runners;
    private readonly SharedLogReader _log;

    public ProjectionEngine(
        ProjectionCatalog projections,
        IEventStore store,
        EventTypeRegistry registry,
        AppendSignal signal,
        MySqlConnectionFactory connections,
        ProjectionCheckpoints checkpoints,
        ProjectionOptions options,
        ILoggerFactory loggerFactory,
        ProjectionProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(projections);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        var logger = loggerFactory.CreateLogger<ProjectionEngine>();
        _log = new SharedLogReader(store, signal);
        _runners = projections.All
            .Select(p => new ProjectionRunner(p, _log, registry, signal, connections, checkpoints, options, progress ?? new ProjectionProgress(), Owner, logger))
            .ToArray();
    }

    /// <summary>Identifies this engine in checkpoints (machine, process, instance).</summary>
    public string Owner { get; }

    public IReadOnlyList<ProjectionRunner> Runners => _runners;

    /// <summary>Also stops the log reader taking this process's commits (the signal may outlive the engine).</summary>
    public override void Dispose()
    {
        _log.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_runners.Select(r => Task.Run(() => r.RunAsync(stoppingToken), CancellationToken.None)));
}
