using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.Projections.Engine;

namespace EventChat.Projections.ReadModels;

/// <summary>
/// The event type of each recent position of the log, read once per process for every read-your-writes wait that
/// checks a checkpoint row behind its position (<see cref="ProjectionConsistency"/>, projections in another process).
/// Each wait used to scan the log between the row and its position again at every poll: rows over events their
/// projection does not handle trail by about a second, so under load every poll of every waiting reader read thousands
/// of rows (docs/messaging.md, "Eleventh session"). Here each position is read once, and only its type.
/// </summary>
/// <remarks>
/// Holds every event in <c>(start, end]</c>: a read of the positions after <c>end</c> up to one at or below the log
/// head answers all of them, as appends commit in position order.
/// </remarks>
internal sealed class RecentEventTypes(MySqlConnectionFactory connections, long capacity)
{
    private readonly Lock _lock = new();
    private readonly List<(long Position, string Name)> _events = [];
    private long _start = -1;
    private long _end = -1;

    // The one read under way: the others wait for it and then look again. Not any caller's token or connection, as
    // every waiting reader shares it.
    private Task? _reading;

    /// <summary>The newest position of each event type name (without version) in <c>(from, to]</c>; <paramref name="to"/> at or below the log head.</summary>
    public async Task<Dictionary<string, long>> NewestAsync(long from, long to, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task reading;
            lock (_lock)
            {
                if (Covers(from, to))
                {
                    return Newest(from, to);
                }

                if (_reading is null || _reading.IsCompleted)
                {
                    if (_start < 0 || from < _start || from - _end > capacity)
                    {
                        _events.Clear();
                        _start = _end = from;
                    }

                    var readAfter = _end;
                    _reading = Task.Run(() => ReadAsync(readAfter, to), CancellationToken.None);
                }

                reading = _reading;
            }

            // A failed read fails every reader that waited on it; the next call reads again.
            await reading.WaitAsync(cancellationToken);
        }
    }

    private async Task ReadAsync(long readAfter, long to)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<(long Position, string EventType)>(
            "SELECT position, event_type FROM es_events WHERE position > @readAfter AND position <= @to ORDER BY position",
            new { readAfter, to });
        lock (_lock)
        {
            if (_end != readAfter)
            {
                return; // the list was started again meanwhile: this answer no longer joins it
            }

            foreach (var (position, eventType) in rows)
            {
                var name = EventTypeRegistry.ParseStoredName(eventType).Name;
                _events.Add((position, string.IsInterned(name) ?? string.Intern(name)));
            }

            _end = to;
            if (_events.Count > 2 * capacity)
            {
                var drop = _events.Count - (int)capacity;
                _start = _events[drop - 1].Position;
                _events.RemoveRange(0, drop);
            }
        }
    }

    private bool Covers(long from, long to) => _start >= 0 && from >= _start && to <= _end;

    private Dictionary<string, long> Newest(long from, long to)
    {
        var newest = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = FirstAfter(from); i < _events.Count && _events[i].Position <= to; i++)
        {
            newest[_events[i].Name] = _events[i].Position;
        }

        return newest;
    }

    private int FirstAfter(long position) => PositionSearch.FirstAfter(_events, position, static e => e.Position);
}
