using System.Collections.Concurrent;
using Dapper;
using EventChat.Application.Abstractions;
using EventChat.Infrastructure.EventStore;
using EventChat.Projections.Engine;

namespace EventChat.Projections.ReadModels;

/// <summary>
/// Read-your-writes: waits until the projections that write the read models a query reads (or all) have applied a
/// position. When this process
/// runs the projections (the default), the answer comes from <see cref="ProjectionProgress"/>: no query when
/// they are there already, else one read of the log head (is the position there at all?), and a waiter wakes on
/// the commit that reaches its position (not a read of the checkpoints each time, which scans the log behind the
/// rows that trail over events their projection does not handle). When a projection is
/// active elsewhere (a worker process), its checkpoint row is read, again at each local commit or
/// every <see cref="FallbackPoll"/>. A row behind the position still counts as there when no event the
/// projection handles lies between the two: rows over events a projection does not handle are written
/// only about once a second (<see cref="ProjectionOptions.IdleCheckpointInterval"/>).
/// </summary>
public sealed class ProjectionConsistency(
    MySqlConnectionFactory connections,
    ProjectionCatalog projections,
    ProjectionProgress progress,
    EventTypeRegistry registry,
    long maxScannedPositions = ProjectionConsistency.DefaultMaxScannedPositions)
    : IReadModelConsistency
{
    /// <summary>
    /// How far behind the awaited position a row may be for the events between to be looked at. Rows over events their
    /// projection does not handle trail by about a second of the log; one further behind (a halted projection, one whose
    /// instance is gone) is simply not there yet, and reading the log up to it would cost more than waiting.
    /// </summary>
    public const long DefaultMaxScannedPositions = 10_000;

    private static readonly TimeSpan FallbackPoll = TimeSpan.FromMilliseconds(100);
    private readonly string[] _names = [.. projections.Names];
    private readonly ConcurrentDictionary<ReadModelSet, string[]> _namesWriting = new();
    private readonly RecentEventTypes _recentTypes = new(connections, maxScannedPositions);

    // The stored names (without version) of the events each projection handles; null: every event.
    private readonly Dictionary<string, HashSet<string>?> _handled = projections.All.ToDictionary(
        p => p.Name,
        p => p.HandledEvents?.Where(registry.IsRegistered)
            .Select(t => EventTypeRegistry.ParseStoredName(registry.NameOf(t).StoredName).Name).ToHashSet(StringComparer.Ordinal),
        StringComparer.Ordinal);

    public async Task<bool> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var head = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT position FROM es_log_head WHERE id = 1", cancellationToken: cancellationToken));
        return await WaitForPositionAsync(head, timeout, cancellationToken);
    }

    public Task<bool> WaitForPositionAsync(long position, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitForPositionAsync(position, _names, timeout, cancellationToken);

    public Task<bool> WaitForPositionAsync(long position, ReadModelSet readModels, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitForPositionAsync(
            position,
            _namesWriting.GetOrAdd(readModels, static (wanted, all) => [.. all.Where(p => (p.Writes & wanted) != 0).Select(p => p.Name)], projections.All),
            timeout,
            cancellationToken);

    private async Task<bool> WaitForPositionAsync(long position, string[] names, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        long? head = null;
        var announced = false;
        while (true)
        {
            // Take the pulse before looking, so a commit between the look and the wait still wakes us.
            var advance = progress.NextAdvance;
            if (names.All(name => progress.HasReached(name, position)))
            {
                return true;
            }

            bool pastHead;
            if (names.All(progress.IsActiveHere))
            {
                // Every projection runs here: their progress answers, and a runner reports every page it reads, those
                // without an event it handles too. The log is asked once, for its head; not again at each commit.
                head ??= await ReadHeadAsync(cancellationToken);
                pastHead = position > head;
            }
            else
            {
                (var reached, head) = await ReadCheckpointsAsync(position, names, cancellationToken);
                if (reached)
                {
                    return true;
                }

                pastHead = position > head;
            }

            if (head is not null && !pastHead && !announced)
            {
                // A runner of these projections lingering for a larger batch reads at once for a waiting reader; the
                // others go on lingering. Only for a position that exists: one far beyond the head would keep every
                // runner from lingering from then on.
                progress.Awaiting(position, names);
                announced = true;
            }

            // A position beyond the head was never written: waiting for it would only burn the 5 s.
            var left = deadline - DateTime.UtcNow;
            if (pastHead || left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.WhenAny(advance, Task.Delay(left < FallbackPoll ? left : FallbackPoll, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<long?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT position FROM es_log_head WHERE id = 1", cancellationToken: cancellationToken));
    }

    /// <summary>Whether every checkpoint is at or in effect past <paramref name="position"/>, and the log head (null: no rows).</summary>
    private async Task<(bool Reached, long? Head)> ReadCheckpointsAsync(long position, string[] names, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(string Name, long Position, long Head)>(new CommandDefinition(
            "SELECT name, position, (SELECT position FROM es_log_head WHERE id = 1) FROM es_projection_checkpoints WHERE name IN @names",
            new { names },
            cancellationToken: cancellationToken))).ToArray();
        if (rows.Length == 0)
        {
            return (false, null);
        }

        var head = rows[0].Head;
        var behind = rows.Where(r => r.Position < position).ToArray();
        if (rows.Length < names.Length || position > head || behind.Length == 0)
        {
            return (rows.Length == names.Length && behind.Length == 0, head);
        }

        var from = behind.Min(r => r.Position);
        if (behind.Any(r => _handled[r.Name] is null) || position - from > maxScannedPositions)
        {
            return (false, head);
        }

        // The rows behind are there in effect when none of their events lie between them and the position: the
        // newest position of each event type in that range (at most a second or so of the log, read once per process).
        var newestByName = await _recentTypes.NewestAsync(from, position, cancellationToken);
        var reached = behind.All(r => _handled[r.Name]!.All(name => !newestByName.TryGetValue(name, out var at) || at <= r.Position));
        return (reached, head);
    }
}
