using EventChat.Application.Abstractions.EventStore;
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
        // Two "processes": each has its own signal and Redis bridge; only the writer's store appends.
        using var writerRedis = await ConnectionMultiplexer.ConnectAsync(fixture.Settings.RedisConfiguration);
        using var readerRedis = await ConnectionMultiplexer.ConnectAsync(fixture.Settings.RedisConfiguration);
        var writerSignal = new AppendSignal();
        var readerSignal = new AppendSignal();
        var writerBridge = new RedisAppendBridge(writerRedis, writerSignal, NullLogger<RedisAppendBridge>.Instance);
        var readerBridge = new RedisAppendBridge(readerRedis, readerSignal, NullLogger<RedisAppendBridge>.Instance);
        await writerBridge.StartAsync(CancellationToken.None);
        await readerBridge.StartAsync(CancellationToken.None);
        try
        {
            var woken = readerSignal.NextAppend;
            var store = fixture.CreateStore(writerSignal);

            var result = await store.AppendAsync(
                StreamName.For("counter", Guid.CreateVersion7()),
                [EventToAppend.New(new CounterIncremented(1, "x"), EventMetadata.Empty)],
                ExpectedVersion.Any,
                CancellationToken.None);

            await woken.WaitAsync(TimeSpan.FromSeconds(10));
            readerSignal.LatestKnownPosition.Should().BeGreaterThanOrEqualTo(result.LastPosition);
        }
        finally
        {
            await writerBridge.StopAsync(CancellationToken.None);
            await readerBridge.StopAsync(CancellationToken.None);
        }
    }
}
