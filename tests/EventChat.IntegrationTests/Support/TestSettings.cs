using System.Globalization;
using EventChat.Infrastructure.Configuration;

namespace EventChat.IntegrationTests.Support;

/// <summary>
/// The settings of the services `make test` started (environment, then the repository's .env), pointed at
/// resources of the tests' own, so tests never touch what `make run` uses on the same servers:
/// the database <c>{DB_NAME}_test</c> (which also names the Redis channels and Hangfire's prefix), the Redis
/// database REDIS_TEST_DB (default: REDIS_DB + 1, modulo 16) and the bucket <c>{MINIO_BUCKET}-test</c>.
/// </summary>
public static class TestSettings
{
    private static readonly Lazy<EventChatSettings> Lazy = new(() =>
    {
        var source = DotEnvFile.EnvironmentThenFile(AppContext.BaseDirectory);
        var settings = EventChatSettings.Load(source);
        return ForTests(settings, source("REDIS_TEST_DB"));
    });

    public static EventChatSettings Current => Lazy.Value;

    /// <summary>The test resources derived from the settings of `make run` (idempotent: test settings stay as they are).</summary>
    public static EventChatSettings ForTests(EventChatSettings settings, string? redisTestDb)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.DbName.EndsWith("_test", StringComparison.Ordinal))
        {
            return settings;
        }

        var redisDb = string.IsNullOrWhiteSpace(redisTestDb)
            ? (settings.RedisDb + 1) % 16
            : int.Parse(redisTestDb, NumberStyles.None, CultureInfo.InvariantCulture);
        return settings with
        {
            DbName = settings.DbName + "_test",
            RedisDb = redisDb,
            MinioBucket = settings.MinioBucket + "-test",
        };
    }

    /// <summary>The test resources as environment-style settings, for a host or a child process.</summary>
    public static IReadOnlyDictionary<string, string> AsEnvironment(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new Dictionary<string, string>
        {
            ["DB_NAME"] = settings.DbName,
            ["REDIS_DB"] = settings.RedisDb.ToString(CultureInfo.InvariantCulture),
            ["MINIO_BUCKET"] = settings.MinioBucket,
        };
    }
}
