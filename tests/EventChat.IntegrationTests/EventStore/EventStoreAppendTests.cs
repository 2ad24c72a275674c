using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.EventStore;

/// <summary>
/// The MySQL store beyond the contract it shares with the fake (MySqlEventStoreContractTests): many concurrent
/// writers, stored names, metadata and commit timestamps.
/// </summary>
[Collection(EventStoreCollection.Name)]
public sealed class EventStoreAppendTests(EventStoreFixture fixture)
{
    private static StreamName NewStream() => StreamName.For("counter", Guid.CreateVersion7());

    private static EventToAppend Increment(int by, string note = "", string? userId = null) =>
        EventToAppend.New(new CounterIncremented(by, note), new EventMetadata(userId, "corr-" + by, "cause-" + by));

    [Fact]
    public async Task Append_Without_expected_version_from_16_concurrent_tasks_numbers_versions_1_to_200()
    {
        var stream = NewStream();
        var tasks = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            // 200 events over 16 writers: 12 or 13 each, each event its own append.
            for (var i = worker; i < 200; i += 16)
            {
                await fixture.Store.AppendAsync(stream, [Increment(1, $"event-{i}")], ExpectedVersion.Any, CancellationToken.None);
            }
        }));
        await Task.WhenAll(tasks);

        var events = await fixture.Store.ReadStreamAsync(stream.Id, 1, null, null, CancellationToken.None);
        events.Select(e => e.StreamVersion).Should().Equal(Enumerable.Range(1, 200).Select(v => (long)v));
        events.Select(e => ((CounterIncremented)e.Data).Note).Should().OnlyHaveUniqueItems()
            .And.BeEquivalentTo(Enumerable.Range(0, 200).Select(i => $"event-{i}"));
        events.Select(e => e.Position).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        (await fixture.Store.GetStreamVersionAsync(stream.Id, CancellationToken.None)).Should().Be(200);
    }

    [Fact]
    public async Task Append_With_the_same_expected_version_from_16_tasks_lets_exactly_one_win()
    {
        var stream = NewStream();
        await fixture.Store.AppendAsync(stream, [Increment(1, "first")], ExpectedVersion.NoStream, CancellationToken.None);

        using var start = new ManualResetEventSlim(false);
        var attempts = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await fixture.Store.AppendAsync(
                    stream,
                    [Increment(10, $"writer-{worker}-a"), Increment(10, $"writer-{worker}-b")],
                    ExpectedVersion.Exactly(1),
                    CancellationToken.None);
                return (Worker: worker, Error: (Exception?)null);
            }
            catch (WrongExpectedVersionException ex)
            {
                return (Worker: worker, Error: (Exception?)ex);
            }
        })).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);

        var winners = outcomes.Where(o => o.Error is null).ToArray();
        winners.Should().ContainSingle();
        outcomes.Where(o => o.Error is not null).Should().HaveCount(15)
            .And.AllSatisfy(o => o.Error.Should().BeOfType<WrongExpectedVersionException>()
                .Which.Actual.Should().Be(3));

        var notes = (await fixture.Store.ReadStreamAsync(stream.Id, 1, null, null, CancellationToken.None))
            .Select(e => ((CounterIncremented)e.Data).Note);
        notes.Should().Equal("first", $"writer-{winners[0].Worker}-a", $"writer-{winners[0].Worker}-b");
    }

    [Fact]
    public async Task Append_of_several_events_is_atomic_and_carries_metadata()
    {
        var stream = NewStream();
        var result = await fixture.Store.AppendAsync(
            stream,
            [Increment(1, "a", userId: "user-1"), Increment(2, "b", userId: "user-1"), EventToAppend.New(new CounterRenamed("total"), new EventMetadata("user-1", "corr-x", "cause-x"))],
            ExpectedVersion.NoStream,
            CancellationToken.None);

        result.NextExpectedVersion.Should().Be(3);
        result.Events.Select(e => e.Position).Should().BeInAscendingOrder();
        var events = await fixture.Store.ReadStreamAsync(stream.Id, 1, null, null, CancellationToken.None);
        events.Should().HaveCount(3);
        events.Select(e => e.EventType).Should().Equal("test.counter-incremented.v1", "test.counter-incremented.v1", "test.counter-renamed.v1");
        events[2].Metadata.Should().Be(new EventMetadata("user-1", "corr-x", "cause-x"));
        events.Should().AllSatisfy(e => e.SchemaVersion.Should().Be(1));
        events.Select(e => e.Timestamp).Distinct().Should().ContainSingle("one append commits at one instant");
    }
}
