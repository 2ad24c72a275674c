using EventChat.Infrastructure.Configuration;
using Hangfire;
using Hangfire.Redis.StackExchange;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Jobs;

/// <summary>
/// Hangfire keeps its jobs in Redis (<c>Hangfire.Redis.StackExchange</c>), under a prefix named after
/// the database, so that <c>make run</c> and <c>make test</c> on one Redis never run each other's jobs.
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
            .UseRedisStorage(redis, new RedisStorageOptions { Prefix = PrefixFor(settings) });
    }

    public static string PrefixFor(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return $"{{eventchat:{settings.DbName}}}:hangfire:";
    }
}
