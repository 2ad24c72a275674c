using EventChat.Infrastructure.Configuration;
using Hangfire;
using Hangfire.Redis.StackExchange;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Jobs;

/// <summary>
/// Hangfire keeps its jobs in Redis (<c>Hangfire.Redis.StackExchange</c>), in the Redis database REDIS_DB
/// and under a prefix named after the database, so that <c>make run</c> and <c>make test</c> on one Redis
/// never run each other's jobs. The storage does not follow the multiplexer's <c>defaultDatabase</c> (it
/// calls <c>GetDatabase(options.Db)</c>, default 0), so the database is passed explicitly.
/// Hangfire needs a Redis that does not evict keys (docker-compose sets <c>noeviction</c>).
/// </summary>
public static class HangfireStorage
{
    public static IGlobalConfiguration UseEventChatStorage(this IGlobalConfiguration configuration, IConnectionMultiplexer redis, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseRedisStorage(redis, OptionsFor(settings));
    }

    public static RedisStorageOptions OptionsFor(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new RedisStorageOptions { Prefix = PrefixFor(settings), Db = settings.RedisDb };
    }

    public static string PrefixFor(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return $"{{eventchat:{settings.DbName}}}:hangfire:";
    }
}
