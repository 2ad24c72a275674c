using Dapper;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace EventChat.Projections.Engine;

/// <summary>
/// Rebuilds a projection blue/green. A MySQL projection replays the log from position 0 into fresh
/// copies of its tables in a scratch database (<c>{DB_NAME}_rebuild</c>) while the live tables keep
/// serving; the rebuilder then pauses the live runner, catches up the last events, and swaps the tables
/// in with one atomic <c>RENAME TABLE</c> (which moves tables across databases of one server). The
/// projection's SQL names its tables without a database, so the same code writes the scratch copies.
/// An external projection (<see cref="IRebuildableEventProjection"/>) does the same with a copy it
/// keeps itself (for Redis, a new key generation).
/// </summary>
public sealed class ProjectionRebuilder(
    ProjectionCatalog projections,
    IEventStore store,
    ProjectionReplay replay,
    MySqlConnectionFactory connections,
    ProjectionCheckpoints checkpoints,
    ILogger<ProjectionRebuilder> logger)
{
    /// <summary>The scratch database of rebuilds: <c>{DB_NAME}_rebuild</c>.</summary>
    public const string ScratchSuffix = "_rebuild";

    private static readonly TimeSpan SwapLeaseWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RebuildLockWait = TimeSpan.FromMinutes(10);

    public IReadOnlyList<string> Names => projections.Names;

    public bool CanRebuild(string name) => Rebuildable(name) is not null;

    /// <summary>The name of the cluster-wide lock one rebuild of <paramref name="name"/> holds (the audit's verify takes it too).</summary>
    public static string RebuildLockName(string name) => "rebuild:" + name;

    public async Task<RebuildReport> RebuildAsync(string name, IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        var projection = Rebuildable(name) ?? throw new InvalidOperationException($"'{name}' is not a projection that can be rebuilt.");

        // One rebuild of a projection at a time, cluster-wide: two would fill the same scratch copy and swap each other's.
        await using var rebuildLock = await ProjectionLease.TryAcquireAsync(connections, RebuildLockName(name), cancellationToken, RebuildLockWait)
            ?? throw new TimeoutException($"Another rebuild of '{name}' is still running after {RebuildLockWait.TotalMinutes} minutes.");
        await using var keepAlive = rebuildLock.KeepAlive();
        return await RebuildLockedAsync(name, projection, progress, cancellationToken);
    }

    private async Task<RebuildReport> RebuildLockedAsync(string name, IProjection projection, IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;

        await using var copy = await CreateCopyAsync(projection, cancellationToken);
        var target = await store.ReadHeadPositionAsync(cancellationToken);
        var tally = new ReplayTally();
        var position = await replay.ReplayAsync(projection, copy.ApplyAsync, 0, target, tally, progress, cancellationToken);

        // The swap: the live runner stands by (its fenced checkpoint update fails once paused), this job
        // takes its lease, replays what came meanwhile, and swaps the copy in.
        var pausedBy = "rebuild:" + Guid.NewGuid().ToString("N")[..12];
        await checkpoints.EnsureAsync(name, 0, cancellationToken);
        await checkpoints.SetPausedAsync(name, pausedBy, cancellationToken);
        try
        {
            await using var lease = await ProjectionLease.TryAcquireAsync(connections, name, cancellationToken, SwapLeaseWait)
                ?? throw new TimeoutException($"The live runner of '{name}' did not give up its lease within {SwapLeaseWait.TotalSeconds} s.");
            target = await store.ReadHeadPositionAsync(cancellationToken);
            position = await replay.ReplayAsync(projection, copy.ApplyAsync, position, target, tally, progress, cancellationToken);

            // The swap commits on its own: if the process dies right after it, the checkpoint still names the
            // live runner's position, which is at or before the rebuilt one, and replaying from there changes
            // nothing (projections are idempotent under replay).
            await copy.SwapInAsync(cancellationToken);
            await RecordSwapAsync(name, position, tally.Parked, cancellationToken);
        }
        finally
        {
            await checkpoints.SetPausedAsync(name, null, CancellationToken.None);
        }

        var elapsed = DateTime.UtcNow - started;
        logger.LogInformation(
            "Projection {Projection} rebuilt: {Events} events to position {Position} in {Seconds:0.0} s, {Parked} parked",
            name, tally.AppliedEvents, position, elapsed.TotalSeconds, tally.Parked.Count);
        return new RebuildReport(name, position, tally.AppliedEvents, tally.Parked.Count, elapsed);
    }

    private IProjection? Rebuildable(string name) =>
        projections.All.SingleOrDefault(p => p.Name == name && p is IMySqlProjection { Tables.Count: > 0 } or IRebuildableEventProjection);

    private async Task<IEventProjectionCopy> CreateCopyAsync(IProjection projection, CancellationToken cancellationToken)
    {
        if (projection is IRebuildableEventProjection external)
        {
            return await external.CreateCopyAsync(cancellationToken);
        }

        var mySql = (IMySqlProjection)projection;
        await replay.PrepareScratchTablesAsync(mySql, ScratchSuffix, cancellationToken);
        var connection = new MySqlConnection(replay.ScratchConnectionString(ScratchSuffix));
        await connection.OpenAsync(cancellationToken);
        return new ScratchTables(mySql, connections, connection, replay.LiveDatabase, replay.LiveDatabase + ScratchSuffix);
    }

    /// <summary>Moves the checkpoint to the rebuilt position and replaces the parked events with the rebuild's.</summary>
    private async Task RecordSwapAsync(string name, long position, IReadOnlyList<(StoredEvent Event, string Error)> parked, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE es_projection_checkpoints SET position = @position, status = 'running', last_error = NULL, updated_at = UTC_TIMESTAMP(6) WHERE name = @name",
            new { name, position },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM es_parked_events WHERE projection = @name", new { name }, transaction, cancellationToken: cancellationToken));
        foreach (var (e, error) in parked)
        {
            await ProjectionCheckpoints.ParkAsync(connection, transaction, name, new StoredEventRef(e.Position, e.EventType), error, stop: false, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A MySQL projection's copy: its tables in the scratch database, swapped in by one RENAME.</summary>
    private sealed class ScratchTables(
        IMySqlProjection projection, MySqlConnectionFactory connections, MySqlConnection scratchConnection, string liveDatabase, string scratchDatabase)
        : IEventProjectionCopy
    {
        public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
        {
            await using var transaction = await scratchConnection.BeginTransactionAsync(cancellationToken);
            await projection.ApplyAsync(events, scratchConnection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        public async Task SwapInAsync(CancellationToken cancellationToken)
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await DropReplacedAsync(connection, cancellationToken);

            // One RENAME statement swaps every table atomically: readers see the old set or the new one.
            var renames = projection.Tables.SelectMany(t => new[]
            {
                $"`{liveDatabase}`.`{t}` TO `{scratchDatabase}`.`{t}_replaced`",
                $"`{scratchDatabase}`.`{t}` TO `{liveDatabase}`.`{t}`",
            });
            await connection.ExecuteAsync(new CommandDefinition("RENAME TABLE " + string.Join(", ", renames), cancellationToken: cancellationToken));
            await DropReplacedAsync(connection, cancellationToken);
        }

        public ValueTask DisposeAsync() => scratchConnection.DisposeAsync();

        private async Task DropReplacedAsync(MySqlConnection connection, CancellationToken cancellationToken)
        {
            foreach (var table in projection.Tables)
            {
                await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS `{scratchDatabase}`.`{table}_replaced`", cancellationToken: cancellationToken));
            }
        }
    }
}

public sealed record RebuildProgress(string Projection, long Position, long Target)
{
    public double Fraction => Target <= 0 ? 1 : Math.Min(1, (double)Position / Target);
}

public sealed record RebuildReport(string Projection, long Position, long AppliedEvents, int ParkedEvents, TimeSpan Elapsed);
