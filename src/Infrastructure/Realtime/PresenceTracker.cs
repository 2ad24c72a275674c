using EventChat.Infrastructure.Configuration;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// Who is online, in Redis, shared by every instance. Each user has a sorted set of their live connections scored
/// by when each expires (<see cref="Expiry"/> after its last refresh); the instance holding a connection refreshes
/// it every <see cref="RefreshInterval"/>. A user is online while any connection has not expired: offline as soon
/// as the last one closes, or within <see cref="Expiry"/> (plus a sweep) when its instance dies without closing it.
/// An index of users by their latest expiry lets any instance find those whose connections all expired; each
/// transition is decided inside one script, so exactly one caller learns of it and pushes it. Times are the Redis
/// server's, so instance clocks do not matter. (The sweep script names keys it was not given: fine on one Redis,
/// not on a cluster.)
/// </summary>
public sealed class PresenceTracker(IConnectionMultiplexer redis, EventChatSettings settings)
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    // KEYS: the user's connections, the users index. ARGV: connection id, expiry ms, user id. 1 when the user came online.
    private const string ConnectScript = Now + """

        local expires = now + tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        local before = redis.call('ZCARD', KEYS[1])
        redis.call('ZADD', KEYS[1], expires, ARGV[1])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
        redis.call('ZADD', KEYS[2], 'GT', expires, ARGV[3])
        if before == 0 then return 1 end
        return 0
        """;

    // KEYS: the user's connections, the users index. ARGV: connection id, user id. 1 when the user went offline.
    private const string DisconnectScript = Now + """

        local removed = redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) == 0 then
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[2])
            return removed
        end
        return 0
        """;

    // KEYS: the users index. ARGV: the connections key prefix, the most users to look at. The users now offline.
    private const string SweepScript = Now + """

        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
        local offline = {}
        for _, user in ipairs(due) do
            local key = ARGV[1] .. user
            redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
            local latest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
            if #latest == 0 then
                redis.call('ZREM', KEYS[1], user)
                table.insert(offline, user)
            else
                redis.call('ZADD', KEYS[1], latest[2], user)
            end
        end
        return offline
        """;

    private readonly string _connectionsPrefix = $"eventchat:{settings.DbName}:realtime:presence:";
    private readonly RedisKey _usersIndex = $"eventchat:{settings.DbName}:realtime:presence-users";

    /// <summary>Records (or refreshes) a live connection; true when this made the user online.</summary>
    public async Task<bool> ConnectAsync(Guid userId, string connectionId)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            ConnectScript,
            [ConnectionsKey(userId), _usersIndex],
            [connectionId, (long)Expiry.TotalMilliseconds, userId.ToString("D")]);
        return (long)result == 1;
    }

    /// <summary>Forgets a closed connection; true when it was the user's last, so the user is now offline.</summary>
    public async Task<bool> DisconnectAsync(Guid userId, string connectionId)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            DisconnectScript,
            [ConnectionsKey(userId), _usersIndex],
            [connectionId, userId.ToString("D")]);
        return (long)result == 1;
    }

    /// <summary>Users whose every connection expired (their instance died): now offline. Each is returned to one caller only.</summary>
    public async Task<IReadOnlyList<Guid>> SweepAsync(int limit = 500)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(SweepScript, [_usersIndex], [_connectionsPrefix, limit]);
        return ((RedisResult[])result!).Select(r => Guid.Parse((string)r!)).ToArray();
    }

    private RedisKey ConnectionsKey(Guid userId) => _connectionsPrefix + userId.ToString("D");
}
