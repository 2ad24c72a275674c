using Dapper;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Caching.Memory;

namespace EventChat.Projections.Accounts;

/// <summary>
/// Whether a session has ended, as the access-token check asks it on every authenticated request: one primary-key
/// read of <c>rm_ended_sessions</c> per session at most every <see cref="CacheFor"/>, answered from memory in between.
/// An ended session is remembered for longer (it never starts again).
/// </summary>
public sealed class SessionRevocations(MySqlConnectionFactory connections) : IDisposable
{
    /// <summary>How stale "still active" may be: the bound on how long a token outlives logout on another instance.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan EndedCacheFor = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public async ValueTask<bool> IsEndedAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(sessionId, out bool ended))
        {
            return ended;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        ended = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM rm_ended_sessions WHERE session_id = @id", new { id = sessionId.ToString("D") }, cancellationToken: cancellationToken)) > 0;
        _cache.Set(sessionId, ended, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ended ? EndedCacheFor : CacheFor });
        return ended;
    }

    /// <summary>Drops what is cached about a session (the projection just recorded that it ended).</summary>
    public void Forget(Guid sessionId) => _cache.Remove(sessionId);

    public void Dispose() => _cache.Dispose();
}
