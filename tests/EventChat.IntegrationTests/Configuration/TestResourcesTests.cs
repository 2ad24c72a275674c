using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Jobs;
using EventChat.Infrastructure.Redis;
using EventChat.IntegrationTests.Support;
using Hangfire.Redis.StackExchange;
using StackExchange.Redis;

namespace EventChat.IntegrationTests.Configuration;

/// <summary>Tests run on resources of their own, beside `make run` on the same servers.</summary>
public sealed class TestResourcesTests
{
    private static EventChatSettings RunSettings => EventChatSettings.Load(DotEnvFile.EnvironmentThenFile(AppContext.BaseDirectory));

    [Fact]
    public void Tests_use_their_own_database_redis_database_channel_and_bucket()
    {
        var run = RunSettings;
        var test = TestSettings.Current;

        test.DbName.Should().Be(run.DbName + "_test");
        test.RedisDb.Should().NotBe(run.RedisDb);
        test.MinioBucket.Should().NotBe(run.MinioBucket);
        RedisAppendBridge.ChannelFor(test).Should().NotBe(RedisAppendBridge.ChannelFor(run));
        HangfireStorage.PrefixFor(test).Should().NotBe(HangfireStorage.PrefixFor(run));
    }

    [Theory]
    [InlineData(0, null, 1)]
    [InlineData(15, null, 0)]
    [InlineData(0, "7", 7)]
    public void Test_redis_database_is_the_next_one_unless_REDIS_TEST_DB_names_it(int runDb, string? redisTestDb, int expected)
    {
        var run = RunSettings with { DbName = "chat_x", RedisDb = runDb };

        TestSettings.ForTests(run, redisTestDb).RedisDb.Should().Be(expected);
    }

    [Fact]
    public async Task Hangfire_storage_writes_to_the_configured_redis_database_under_the_database_prefix()
    {
        var settings = TestSettings.Current with { DbName = $"{TestSettings.Current.DbName}_h{Guid.NewGuid():N}" };
        using var redis = await ConnectionMultiplexer.ConnectAsync(settings.RedisConfiguration);
        var key = HangfireStorage.PrefixFor(settings) + "probe";
        try
        {
            using (var connection = new RedisStorage(redis, HangfireStorage.OptionsFor(settings)).GetConnection())
            {
                connection.SetRangeInHash("probe", [new KeyValuePair<string, string>("field", "value")]);
            }

            // Hangfire's storage calls GetDatabase(options.Db), not the multiplexer's defaultDatabase.
            (await redis.GetDatabase(settings.RedisDb).KeyExistsAsync(key)).Should().BeTrue();
            (await redis.GetDatabase(settings.RedisDb == 0 ? 1 : 0).KeyExistsAsync(key)).Should().BeFalse();
        }
        finally
        {
            await redis.GetDatabase(settings.RedisDb).KeyDeleteAsync(key);
        }
    }
}
