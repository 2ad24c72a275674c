using Dapper;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace EventChat.Projections.Engine;

/// <summary>
/// Rebuilds a MySQL projection blue/green: replays the log from position 0 into fresh copies of its
/// tables in a scratch database (<c>{DB_NAME}_rebuild</c>) while the live tables keep serving, then
/// pauses the live runner, catches up the last events, and swaps the tables in with one atomic
/// <c>RENAME TABLE</c> (which moves tables across databases of one server). The projection's SQL
/// names its tables without a database, so the same code writes the scratch copies.
/// </summary>
public sealed class ProjectionRebuilder(
    IEnumerable<IMySqlProjection> projections,
    IEventStore store,
    EventTypeRegistry registry,
    MySqlConnectionFactory connections,
    ProjectionCheckpoints checkpoints,
    ILogger<ProjectionRebuilder> logger)
{
    private const int PageSize = 2000;
    private static readonly TimeSpan SwapLeaseWait = TimeSpan.FromSeconds(60);

    public IReadOnlyList<string> Names => projections.Select(p => p.Name).ToArray();

    public bool CanRebuild(string name) => projections.Any(p => p.Name == name && p.Tables.Count > 0);

    public async Task<RebuildReport> RebuildAsync(string name, IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        var projection = projections.SingleOrDefault(p => p.Name == name && p.Tables.Count > 0)
            ?? throw new InvalidOperationException($"'{name}' is not a projection with tables to rebuild.");
        var live = new MySqlConnectionStringBuilder(connections.ConnectionString);
        var scratch = new MySqlConnectionStringBuilder(connections.ConnectionString) { Database = live.Database + "_rebuild" };
        var handles = Handler(projection);
        var started = DateTime.UtcNow;

        await PrepareScratchTablesAsync(projection, live.Database, scratch.Database, cancellationToken);
        var target = await store.ReadHeadPositionAsync(cancellationToken);
        var parked = new List<(StoredEvent Event, string Error)>();
        long applied = 0;
        var position = await ReplayAsync(projection, scratch.ConnectionString, 0, target, handles, parked, n => applied += n, progress, cancellationToken);

        // The swap: the live runner stands by (its fenced checkpoint update fails once paused), this job
        // takes its lease, replays what came meanwhile, and renames the tables in one statement.
        var pausedBy = "rebuild:" + Guid.NewGuid().ToString("N")[..12];
        await checkpoints.EnsureAsync(name, 0, cancellationToken);
        await checkpoints.SetPausedAsync(name, pausedBy, cancellationToken);
        try
        {
            await using var lease = await ProjectionLease.TryAcquireAsync(connections, name, cancellationToken, SwapLeaseWait)
                ?? throw new TimeoutException($"The live runner of '{name}' did not give up its lease within {SwapLeaseWait.TotalSeconds} s.");
            target = await store.ReadHeadPositionAsync(cancellationToken);
            position = await ReplayAsync(projection, scratch.ConnectionString, position, target, handles, parked, n => applied += n, progress, cancellationToken);
            await SwapAsync(projection, live.Database, scratch.Database, position, parked, cancellationToken);
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

    private Func<StoredEvent, bool> Handler(IMySqlProjection projection)
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
        IMySqlProjection projection,
        string scratchConnectionString,
        long from,
        long target,
        Func<StoredEvent, bool> handles,
        List<(StoredEvent Event, string Error)> parked,
        Action<long> countApplied,
        IProgress<RebuildProgress>? progress,
        CancellationToken cancellationToken)
    {
        var position = from;
        await using var connection = new MySqlConnection(scratchConnectionString);
        await connection.OpenAsync(cancellationToken);
        while (position < target)
        {
            var page = await store.ReadAllForwardAsync(position, PageSize, cancellationToken);
            if (page.Events.Count == 0)
            {
                break;
            }

            var relevant = page.Events.Where(handles).ToArray();
            await ApplyAsync(projection, connection, relevant, parked, cancellationToken);
            countApplied(relevant.Length);
            position = page.NextPosition;
            progress?.Report(new RebuildProgress(projection.Name, position, target));
        }

        return position;
    }

    /// <summary>A page in one transaction; a page that fails is applied event by event and the failing events are parked.</summary>
    private static async Task ApplyAsync(
        IMySqlProjection projection, MySqlConnection connection, StoredEvent[] events, List<(StoredEvent Event, string Error)> parked, CancellationToken cancellationToken)
    {
        var readable = events.Where(e => e.Data is not UnreadableEvent).ToArray();
        parked.AddRange(events.Where(e => e.Data is UnreadableEvent).Select(e => (e, "Unreadable: " + ((UnreadableEvent)e.Data).Error)));
        if (readable.Length == 0)
        {
            return;
        }

        try
        {
            await ApplyInTransactionAsync(projection, connection, readable, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not MySqlException { IsTransient: true })
        {
            foreach (var e in readable)
            {
                try
                {
                    await ApplyInTransactionAsync(projection, connection, [e], cancellationToken);
                }
                catch (Exception single) when (single is not OperationCanceledException and not MySqlException { IsTransient: true })
                {
                    parked.Add((e, single.ToString()));
                }
            }
        }
    }

    private static async Task ApplyInTransactionAsync(IMySqlProjection projection, MySqlConnection connection, StoredEvent[] events, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await projection.ApplyAsync(events, connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task SwapAsync(
        IMySqlProjection projection, string liveDatabase, string scratchDatabase, long position, List<(StoredEvent Event, string Error)> parked, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var table in projection.Tables)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS `{scratchDatabase}`.`{table}_replaced`", cancellationToken: cancellationToken));
        }

        // One RENAME statement swaps every table atomically: readers see the old set or the new one.
        var renames = projection.Tables.SelectMany(t => new[]
        {
            $"`{liveDatabase}`.`{t}` TO `{scratchDatabase}`.`{t}_replaced`",
            $"`{scratchDatabase}`.`{t}` TO `{liveDatabase}`.`{t}`",
        });
        await connection.ExecuteAsync(new CommandDefinition("RENAME TABLE " + string.Join(", ", renames), cancellationToken: cancellationToken));

        // DDL commits on its own: if the process dies here, the checkpoint still names the live runner's
        // position, which is at or before the rebuilt one, and the replay skips rows that have the event.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE es_projection_checkpoints SET position = @position, status = 'running', last_error = NULL, updated_at = UTC_TIMESTAMP(6) WHERE name = @name",
            new { name = projection.Name, position },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM es_parked_events WHERE projection = @name", new { name = projection.Name }, transaction, cancellationToken: cancellationToken));
        foreach (var (e, error) in parked)
        {
            await ProjectionCheckpoints.ParkAsync(connection, transaction, projection.Name, new StoredEventRef(e.Position, e.EventType), error, stop: false, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var table in projection.Tables)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS `{scratchDatabase}`.`{table}_replaced`", cancellationToken: cancellationToken));
        }
    }
}

public sealed record RebuildProgress(string Projection, long Position, long Target)
{
    public double Fraction => Target <= 0 ? 1 : Math.Min(1, (double)Position / Target);
}

public sealed record RebuildReport(string Projection, long Position, long AppliedEvents, int ParkedEvents, TimeSpan Elapsed);
