using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using EventChat.Application.Abstractions;
using EventChat.Infrastructure.Auth;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;

namespace EventChat.Projections.Accounts;

/// <summary>
/// Whether a session has ended, as the access-token check asks it on every authenticated request. The process keeps
/// the sessions that ended recently enough for their access tokens to still be valid, and reads what was added to
/// <c>rm_ended_sessions</c> since it last looked, at most once per <see cref="RefreshEvery"/> (one indexed range read
/// for the whole process, whatever the number of users: a read per session cost a MySQL round trip per user every
/// few seconds, the largest single item in the Api's profile under push load). A request that finds the copy older
/// than that waits for the next read, so "still active" is never staler than <see cref="RefreshEvery"/> plus the
/// projection's lag; the projection in this process adds what it records at once.
/// </summary>
public sealed class SessionRevocations(MySqlConnectionFactory connections, EventChatSettings settings, IClock clock)
{
    /// <summary>How stale "still active" may be: the bound on how long a token outlives logout on another instance.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    /// <summary>Rows read per query while catching up (a large backlog is read in several).</summary>
    public const int PageSize = 5_000;

    // An ended session's tokens were all issued before it ended: none is valid beyond its lifetime, the validation's
    // clock skew and a margin for the appending instance's clock, after the end.
    private readonly TimeSpan _remember = TimeSpan.FromSeconds(settings.JwtAccessExpirationSeconds) + JwtSettings.ClockSkew + TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _ended = new();
    private readonly Lock _gate = new();
    private Task? _refresh;
    private long _refreshedAt = long.MinValue;
    private long _knownPosition;
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;
    private long _reads;

    /// <summary>Sessions held in memory (ended, with tokens possibly still valid).</summary>
    public int Count => _ended.Count;

    /// <summary>Table reads made so far (the tests count them).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    public async ValueTask<bool> IsEndedAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (!IsFresh())
        {
            await RefreshAsync().WaitAsync(cancellationToken);
        }

        return _ended.ContainsKey(sessionId);
    }

    /// <summary>Records at once what the projection in this process just wrote.</summary>
    public void Add(Guid sessionId, DateTimeOffset endedAt) => _ended[sessionId] = endedAt + _remember;

    private bool IsFresh()
    {
        var at = Interlocked.Read(ref _refreshedAt);
        return at != long.MinValue && Stopwatch.GetElapsedTime(at) < RefreshEvery;
    }

    /// <summary>One read at a time for the whole process; callers that find the copy stale share it.</summary>
    private Task RefreshAsync()
    {
        lock (_gate)
        {
            if (_refresh is null || _refresh.IsCompleted)
            {
                // Not tied to one caller's cancellation: the others wait on the same read.
                _refresh = ReadNewAsync();
            }

            return _refresh;
        }
    }

    private async Task ReadNewAsync()
    {
        // Freshness counts from before the read: a row committed while it runs is seen by the next one.
        var startedAt = Stopwatch.GetTimestamp();
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        while (true)
        {
            Interlocked.Increment(ref _reads);

            // The first read starts at the sessions that ended within the remembered span (ix_rm_ended_sessions_ended_at);
            // later reads take what the projection appended since (its rows commit in log order: ix_rm_ended_sessions_position).
            var rows = (await connection.QueryAsync<(Guid SessionId, DateTime EndedAt, long LastPosition)>(
                _knownPosition == 0
                    ? "SELECT session_id, ended_at, last_position FROM rm_ended_sessions WHERE ended_at >= @since ORDER BY last_position LIMIT @limit"
                    : "SELECT session_id, ended_at, last_position FROM rm_ended_sessions WHERE last_position > @after ORDER BY last_position LIMIT @limit",
                new { since = (now - _remember).UtcDateTime, after = _knownPosition, limit = PageSize })).AsList();
            foreach (var row in rows)
            {
                var endedAt = new DateTimeOffset(DateTime.SpecifyKind(row.EndedAt, DateTimeKind.Utc));
                if (endedAt + _remember > now)
                {
                    Add(row.SessionId, endedAt);
                }

                _knownPosition = Math.Max(_knownPosition, row.LastPosition);
            }

            if (rows.Count < PageSize)
            {
                break;
            }
        }

        if (now - _prunedAt > TimeSpan.FromMinutes(1))
        {
            foreach (var (sessionId, until) in _ended)
            {
                if (until <= now)
                {
                    _ended.TryRemove(sessionId, out _);
                }
            }

            _prunedAt = now;
        }

        Interlocked.Exchange(ref _refreshedAt, startedAt);
    }
}
