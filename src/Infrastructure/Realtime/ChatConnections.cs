using System.Collections.Concurrent;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Observability;
using Microsoft.Extensions.Caching.Memory;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// The hub connections this process holds, so that it can refresh their presence and close those of an ended
/// session. Filled and emptied only by <see cref="ChatHub"/>'s connect and disconnect, which the
/// <c>eventchat_signalr_connections</c> gauge follows. It also remembers the sessions
/// announced as ended for as long as their access tokens live: a client that reconnects at once with the same token
/// could otherwise pass the token check, whose view of ended sessions may be a couple of seconds old.
/// </summary>
public sealed class ChatConnections(EventChatSettings settings, EventChatMetrics metrics) : IDisposable
{
    private readonly ConcurrentDictionary<string, ChatConnection> _byId = new(StringComparer.Ordinal);
    private readonly MemoryCache _endedSessions = new(new MemoryCacheOptions { SizeLimit = 1_000_000 });
    private readonly TimeSpan _tokenLifetime = TimeSpan.FromSeconds(settings.JwtAccessExpirationSeconds + 60);

    public int Count => _byId.Count;

    public void Add(ChatConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_byId.TryAdd(connection.ConnectionId, connection))
        {
            metrics.SignalRConnectionOpened();
        }
    }

    public void Remove(string connectionId)
    {
        if (_byId.TryRemove(connectionId, out _))
        {
            metrics.SignalRConnectionClosed();
        }
    }

    public IReadOnlyList<ChatConnection> Snapshot() => [.. _byId.Values];

    public bool IsEnded(Guid sessionId) => _endedSessions.TryGetValue(sessionId, out _);

    /// <summary>Aborts this process's connections of <paramref name="sessionId"/>; returns how many. A scan: sessions end rarely.</summary>
    public int AbortSession(Guid sessionId)
    {
        _endedSessions.Set(sessionId, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _tokenLifetime });
        var aborted = 0;
        foreach (var connection in _byId.Values.Where(c => c.SessionId == sessionId))
        {
            connection.Context.Abort();
            aborted++;
        }

        return aborted;
    }

    public void Dispose() => _endedSessions.Dispose();
}
