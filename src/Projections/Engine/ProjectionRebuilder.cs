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
    EventTypeRegistry registry,
    MySqlConnectionFactory connections,
    ProjectionCheckpoints checkpoints,
    ILogger<ProjectionRebuilder> logger)
{
    private const int PageSize = 2000;
    private static readonly TimeSpan SwapLeaseWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RebuildLockWait = TimeSpan.FromMinutes(10);

    public IReadOnlyList<string> Names => projections.Names;

    public bool CanRebuild(string name) => Rebuildable(name) is not null;

    public async Task<RebuildReport> RebuildAsync(string name, IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        var projection = Rebuildable(name) ?? throw new InvalidOperationException($"'{name}' is not a projection that can be rebuilt.");

        // One rebuild of a projection at a time, cluster-wide: two would fill the same scratch copy and swap each other's.
        await using var rebuildLock = await ProjectionLease.TryAcquireAsync(connections, "rebuild:" + name, cancellationToken, RebuildLockWait)
            ?? throw new TimeoutException($"Another rebuild of '{name}' is still running after {RebuildLockWait.TotalMinutes} minutes.");
        using var stopKeepAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keepAlive = KeepAliveAsync(rebuildLock, stopKeepAlive.Token);
        try
        {
            return await RebuildLockedAsync(name, projection, progress, cancellationToken);
        }
        finally
        {
            await stopKeepAlive.CancelAsync();
            await keepAlive;
        }
    }

    /// <summary>The lock's connection idles out after 30 s (see <see cref="ProjectionLease"/>): a query every 10 s keeps it.</summary>
    private static async Task KeepAliveAsync(ProjectionLease rebuildLock, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                await rebuildLock.IsHeldAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or MySqlException)
        {
            // The rebuild ended, or the lock's connection is gone (then the swap's own lease still guards the tables).
        }
    }

    private async Task<RebuildReport> RebuildLockedAsync(string name, IProjection projection, IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        var handles = Handler(projection);
        var started = DateTime.UtcNow;

        await using var copy = await CreateCopyAsync(projection, cancellationToken);
        var target = await store.ReadHeadPositionAsync(cancellationToken);
        var parked = new List<(StoredEvent Event, string Error)>();
        long applied = 0;
        var position = await ReplayAsync(name, copy, 0, target, handles, parked, n => applied += n, progress, cancellationToken);

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
            position = await ReplayAsync(name, copy, position, target, handles, parked, n => applied += n, progress, cancellationToken);

            // The swap commits on its own: if the process dies right after it, the checkpoint still names the
            // live runner's position, which is at or before the rebuilt one, and replaying from there changes
            // nothing (projections are idempotent under replay).
            await copy.SwapInAsync(cancellationToken);
            await RecordSwapAsync(name, position, parked, cancellationToken);
        }
        finally
        {
            await checkpoints.SetPausedAsync(name, null, CancellationToken.None);
        }

        var elapsed = DateTime.UtcNow - started;
        logger.LogInformation(
            "Projection {Projection} rebuilt: {Events} events to position {Position} in {Seconds:0.0} s, {Parked} parked",
            name, applied, position, elapsed.TotalSeconds, parked.Count);
        return new RebuildReport(name, position, applied, parked.Count, elapsed);
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
        var live = new MySqlConnectionStringBuilder(connections.ConnectionString);
        var scratch = new MySqlConnectionStringBuilder(connections.ConnectionString) { Database = live.Database + "_rebuild" };
        await PrepareScratchTablesAsync(mySql, live.Database, scratch.Database, cancellationToken);
        var connection = new MySqlConnection(scratch.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return new ScratchTables(mySql, connections, connection, live.Database, scratch.Database);
    }

    private Func<StoredEvent, bool> Handler(IProjection projection)
    {
        var handledNames = projection.HandledEvents?.Where(registry.IsRegistered)
            .Select(t => EventTypeRegistry.ParseStoredName(registry.NameOf(t).StoredName).Name).ToHashSet(StringComparer.Ordinal);
        return e => e.Data switch
        {
            UnknownEvent => false,
            UnreadableEvent u => handledNames is null || handledNames.Contains(u.EventName),
            _ => projection.HandledEvents is not { } handled || handled.Contains(e.Data.GetType()),
        };
    }

    private async Task PrepareScratchTablesAsync(IMySqlProjection projection, string liveDatabase, string scratchDatabase, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE DATABASE IF NOT EXISTS `{scratchDatabase}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", cancellationToken: cancellationToken));
        foreach (var table in projection.Tables)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS `{scratchDatabase}`.`{table}`", cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                $"CREATE TABLE `{scratchDatabase}`.`{table}` LIKE `{liveDatabase}`.`{table}`", cancellationToken: cancellationToken));
        }
    }

    private async Task<long> ReplayAsync(
        string name,
        IEventProjectionCopy copy,
        long from,
        long target,
        Func<StoredEvent, bool> handles,
        List<(StoredEvent Event, string Error)> parked,
        Action<long> countApplied,
        IProgress<RebuildProgress>? progress,
        CancellationToken cancellationToken)
    {
        var position = from;
        while (position < target)
        {
            var page = await store.ReadAllForwardAsync(position, PageSize, cancellationToken);
            if (page.Events.Count == 0)
            {
                break;
            }

            var relevant = page.Events.Where(handles).ToArray();
            await ApplyAsync(copy, relevant, parked, cancellationToken);
            countApplied(relevant.Length);
            position = page.NextPosition;
            progress?.Report(new RebuildProgress(name, position, target));
        }

        return position;
    }

    /// <summary>A page at once; a page that fails is applied event by event and the failing events are parked.</summary>
    private static async Task ApplyAsync(IEventProjectionCopy copy, StoredEvent[] events, List<(StoredEvent Event, string Error)> parked, CancellationToken cancellationToken)
    {
        var readable = events.Where(e => e.Data is not UnreadableEvent).ToArray();
        parked.AddRange(events.Where(e => e.Data is UnreadableEvent).Select(e => (e, "Unreadable: " + ((UnreadableEvent)e.Data).Error)));
        if (readable.Length == 0)
        {
            return;
        }

        try
        {
            await copy.ApplyAsync(readable, cancellationToken);
        }
        catch (Exception ex) when (IsPoison(ex))
        {
            foreach (var e in readable)
            {
                try
                {
                    await copy.ApplyAsync([e], cancellationToken);
                }
                catch (Exception single) when (IsPoison(single))
                {
                    parked.Add((e, single.ToString()));
                }
            }
        }
    }

    /// <summary>Not a failure of the store (which propagates and fails the job) but of the event or the projection's code for it.</summary>
    private static bool IsPoison(Exception ex) =>
        ex is not (OperationCanceledException or MySqlException { IsTransient: true } or TimeoutException or StackExchange.Redis.RedisConnectionException);

    /// <summary>Moves the checkpoint to the rebuilt position and replaces the parked events with the rebuild's.</summary>
    private async Task RecordSwapAsync(string name, long position, List<(StoredEvent Event, string Error)> parked, CancellationToken cancellationToken)
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
