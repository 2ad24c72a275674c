using System.Collections.Concurrent;

namespace EventChat.Application.Common.Commands;

/// <summary>
/// Folded states of hot streams (a conversation's membership, a pair's blocks), kept between commands with the version
/// they were folded at, so that a send does not read the conversation stream again each time. Safe without any
/// invalidation message between instances: a state from here is only ever used as a condition of the append
/// (<see cref="CommandSession.LoadAsConditionAsync{TState}"/>); if the stream moved meanwhile, the append fails, the
/// entry is dropped and the command runs again on a fresh fold.
/// </summary>
public sealed class StreamStateCache
{
    /// <summary>A bound on memory: when full, the cache starts over (a refold per stream is cheap; the cache is an optimization).</summary>
    public const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, (object State, long Version)> _entries = new(StringComparer.Ordinal);

    public bool TryGet<TState>(string streamId, out TState state, out long version)
    {
        if (_entries.TryGetValue(streamId, out var entry) && entry.State is TState typed)
        {
            (state, version) = (typed, entry.Version);
            return true;
        }

        (state, version) = (default!, 0);
        return false;
    }

    public void Set(string streamId, object state, long version)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[streamId] = (state, version);
    }

    public void Remove(string streamId) => _entries.TryRemove(streamId, out _);
}
