using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Redis;
using EventChat.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace EventChat.IntegrationTests.EventStore;

[Collection(EventStoreCollection.Name)]
public sealed class CrossProcessNotificationTests(EventStoreFixture fixture)
{
    [Fact]
    public async Task Append_in_one_process_wakes_the_tailing_readers_of_another_through_redis()
    {
        // Two "processes" of one deployment: each has its own signal and Redis bridge; only the writer's
        // store appends. The deployment's name is this test's own, so its channel carries nothing but this
        // test's notifications (the test database's channel also carries every parallel test's appends).
        var deployment = fixture.Settings with { DbName = $"{fixture.Settings.DbName}_n{Guid.NewGuid():N}" };
        using var writerRedis = await ConnectionMultiplexer.ConnectAsync(deployment.RedisConfiguration);
        using var readerRedis = await ConnectionMultiplexer.ConnectAsync(deployment.RedisConfiguration);
        var writerSignal = new AppendSignal();
        var readerSignal = new AppendSignal();
        var writerBridge = new RedisAppendBridge(writerRedis, writerSignal, deployment, NullLogger<RedisAppendBridge>.Instance);
        var readerBridge = new RedisAppendBridge(readerRedis, readerSignal, deployment, NullLogger<RedisAppendBridge>.Instance);
        await writerBridge.StartAsync(CancellationToken.None);
        await readerBridge.StartAsync(CancellationToken.None);
        try
        {
            await using var store = fixture.CreateStore(writerSignal);

            var result = await store.AppendAsync(
                StreamName.For("counter", Guid.CreateVersion7()),
                [EventToAppend.New(new CounterIncremented(1, "x"), EventMetadata.Empty)],
                ExpectedVersion.Any,
                CancellationToken.None);

            // Wait for the message that carries this append's position, not for any message.
            await Deadline.WaitUntilAsync(
                () => readerSignal.LatestKnownPosition >= result.LastPosition,
                TimeSpan.FromSeconds(10),
                $"the reader's process hears of position {result.LastPosition}");
            readerSignal.LatestKnownPosition.Should().Be(result.LastPosition, "only the writer's store publishes on this deployment's channel");
        }
        finally
        {
            await writerBridge.StopAsync(CancellationToken.None);
            await readerBridge.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Deployments_with_other_database_names_on_one_Redis_do_not_hear_each_other()
    {
        // `make run` (DB_NAME) and `make test` (DB_NAME_test) share one Redis; pub/sub ignores the Redis database.
        var run = fixture.Settings with { DbName = $"chat_n{Guid.NewGuid():N}" };
        var test = run with { DbName = run.DbName + "_test" };
        using var runRedis = await ConnectionMultiplexer.ConnectAsync(run.RedisConfiguration);
        using var testRedis = await ConnectionMultiplexer.ConnectAsync(test.RedisConfiguration);
        using var publisher = await ConnectionMultiplexer.ConnectAsync(run.RedisConfiguration);
        var runBridge = new RedisAppendBridge(runRedis, new AppendSignal(), run, NullLogger<RedisAppendBridge>.Instance);
        var testBridge = new RedisAppendBridge(testRedis, new AppendSignal(), test, NullLogger<RedisAppendBridge>.Instance);
        await runBridge.StartAsync(CancellationToken.None);
        await testBridge.StartAsync(CancellationToken.None);
        try
        {
            runBridge.Channel.Should().NotBe(testBridge.Channel);
            runBridge.Channel.ToString().Should().Contain(run.DbName);

            // PUBLISH answers how many subscribers received the message: each deployment's own bridge, no other.
            var message = RedisAppendBridge.MessageFor("publisher", long.MaxValue);
            (await publisher.GetSubscriber().PublishAsync(RedisAppendBridge.ChannelFor(run), message)).Should().Be(1);
            (await publisher.GetSubscriber().PublishAsync(RedisAppendBridge.ChannelFor(test), message)).Should().Be(1);
        }
        finally
        {
            await runBridge.StopAsync(CancellationToken.None);
            await testBridge.StopAsync(CancellationToken.None);
        }
    }
}
