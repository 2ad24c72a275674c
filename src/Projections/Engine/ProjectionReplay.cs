using Dapper;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure.EventStore;
using MySqlConnector;

namespace EventChat.Projections.Engine;

/// <summary>
/// Replays the global log into a copy of a projection's read model, page by page, with the engine's poison rules
/// (an unreadable event of a handled type, or one the projection fails on, is parked and skipped). A MySQL
/// projection's copy is a set of empty tables in a scratch database of the same server (<c>{DB_NAME}{suffix}</c>),
/// made <c>LIKE</c> the live ones: its SQL names tables without a database, so a connection whose default database
/// is the scratch one writes the copies. Shared by the rebuild (<see cref="ProjectionRebuilder"/>) and the audit's verify.
/// </summary>
public sealed class ProjectionReplay(IEventStore store, EventTypeRegistry registry, MySqlConnectionFactory connections)
{
    private const int PageSize = 2000;

    public string LiveDatabase => new MySqlConnectionStringBuilder(connections.ConnectionString).Database;

    /// <summary>The connection string of the scratch database <c>{DB_NAME}{suffix}</c>.</summary>
    public string ScratchConnectionString(string suffix) =>
        new MySqlConnectionStringBuilder(connections.ConnectionString) { Database = LiveDatabase + suffix }.ConnectionString;

    /// <summary>Which events of the log reach <paramref name="projection"/> (the engine's rule: its handled types, unreadable ones included).</summary>
    public Func<StoredEvent, bool> Handler(IProjection projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var handledNames = projection.HandledEvents?.Where(registry.IsRegistered)
            .Select(t => EventTypeRegistry.ParseStoredName(registry.NameOf(t).StoredName).Name).ToHashSet(StringComparer.Ordinal);
        return e => e.Data switch
        {
            UnknownEvent => false,
            UnreadableEvent u => handledNames is null || handledNames.Contains(u.EventName),
            _ => projection.HandledEvents is not { } handled || handled.Contains(e.Data.GetType()),
        };
    }

    /// <summary>Creates the scratch database if needed and fresh, empty copies of the projection's tables in it.</summary>
    public async Task PrepareScratchTablesAsync(IMySqlProjection projection, string suffix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var live = LiveDatabase;
        var scratch = live + suffix;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE DATABASE IF NOT EXISTS `{scratch}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", cancellationToken: cancellationToken));
        foreach (var table in projection.Tables)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS `{scratch}`.`{table}`", cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                $"CREATE TABLE `{scratch}`.`{table}` LIKE `{live}`.`{table}`", cancellationToken: cancellationToken));
        }
    }

    /// <summary>Drops the projection's tables from the scratch database.</summary>
    public async Task DropScratchTablesAsync(IMySqlProjection projection, string suffix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var scratch = LiveDatabase + suffix;
        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var table in projection.Tables)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS `{scratch}`.`{table}`", cancellationToken: cancellationToken));
        }
    }

    /// <summary>
    /// Applies, through <paramref name="apply"/>, every event after <paramref name="from"/> up to and including
    /// <paramref name="target"/> that the projection handles; returns the position reached (<paramref name="target"/>,
    /// or the log's end when that comes first). Applied and parked events are counted in <paramref name="tally"/>.
    /// </summary>
    public async Task<long> ReplayAsync(
        IProjection projection,
        Func<IReadOnlyList<StoredEvent>, CancellationToken, Task> apply,
        long from,
        long target,
        ReplayTally tally,
        IProgress<RebuildProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(tally);
        var handles = Handler(projection);
        var position = from;
        while (position < target)
        {
            var page = await store.ReadAllForwardAsync(position, PageSize, cancellationToken);
            if (page.Events.Count == 0)
            {
                break;
            }

            var relevant = page.Events.Where(e => e.Position <= target && handles(e)).ToArray();
            await ApplyAsync(apply, relevant, tally, cancellationToken);
            tally.AddApplied(relevant.Length);
            position = Math.Min(page.NextPosition, target);
            progress?.Report(new RebuildProgress(projection.Name, position, target));
        }

        return position;
    }

    /// <summary>A page at once; a page that fails is applied event by event and the failing events are parked.</summary>
    private static async Task ApplyAsync(
        Func<IReadOnlyList<StoredEvent>, CancellationToken, Task> apply, StoredEvent[] events, ReplayTally tally, CancellationToken cancellationToken)
    {
        var readable = events.Where(e => e.Data is not UnreadableEvent).ToArray();
        foreach (var e in events.Where(e => e.Data is UnreadableEvent))
        {
            tally.Park(e, "Unreadable: " + ((UnreadableEvent)e.Data).Error);
        }

        if (readable.Length == 0)
        {
            return;
        }

        try
        {
            await apply(readable, cancellationToken);
        }
        catch (Exception ex) when (IsPoison(ex))
        {
            foreach (var e in readable)
            {
                try
                {
                    await apply([e], cancellationToken);
                }
                catch (Exception single) when (IsPoison(single))
                {
                    tally.Park(e, single.ToString());
                }
            }
        }
    }

    /// <summary>Not a failure of the store (which propagates and fails the job) but of the event or the projection's code for it.</summary>
    private static bool IsPoison(Exception ex) =>
        ex is not (OperationCanceledException or MySqlException { IsTransient: true } or TimeoutException or StackExchange.Redis.RedisConnectionException);
}

/// <summary>What a replay applied and parked.</summary>
public sealed class ReplayTally
{
    private readonly List<(StoredEvent Event, string Error)> _parked = [];

    public long AppliedEvents { get; private set; }

    public IReadOnlyList<(StoredEvent Event, string Error)> Parked => _parked;

    internal void AddApplied(long count) => AppliedEvents += count;

    internal void Park(StoredEvent e, string error) => _parked.Add((e, error));
}
