using System.Collections.Concurrent;
using EventChat.Application.Abstractions.EventStore;

namespace EventChat.Projections.Engine;

/// <summary>
/// Reads the global log for every runner of a process: runners that ask for the same page (in live
/// tailing they all sit at the head) share one query and one deserialization. Only non-empty pages
/// are shared, and only briefly: an empty answer must never hide an append from a runner that
/// asks after it.
/// </summary>
public sealed class SharedLogReader(IEventStore store)
{
    private const int MaxEntries = 32;
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<(long After, int Max), Entry> _pages = new();

    public async Task<GlobalLogPage> ReadAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        var key = (afterPosition, maxCount);
        var now = Environment.TickCount64;
        if (_pages.TryGetValue(key, out var entry) && now - entry.CreatedAt < Lifetime.TotalMilliseconds)
        {
            var shared = await entry.Page.WaitAsync(cancellationToken);
            if (shared.Events.Count > 0)
            {
                return shared;
            }
        }

        var fresh = new Entry(store.ReadAllForwardAsync(afterPosition, maxCount, CancellationToken.None), now);
        _pages[key] = fresh;
        if (_pages.Count > MaxEntries)
        {
            foreach (var old in _pages.Where(p => now - p.Value.CreatedAt >= Lifetime.TotalMilliseconds || p.Key.After < afterPosition - 100_000).ToArray())
            {
                _pages.TryRemove(old);
            }
        }

        try
        {
            return await fresh.Page.WaitAsync(cancellationToken);
        }
        catch
        {
            _pages.TryRemove(new KeyValuePair<(long, int), Entry>(key, fresh));
            throw;
        }
    }

    private sealed record Entry(Task<GlobalLogPage> Page, long CreatedAt);
}
