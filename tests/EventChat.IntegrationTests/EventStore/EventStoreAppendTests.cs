using EventChat.Application.Abstractions.EventStore;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.EventStore;

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
    public async Task Append_of_a_new_stream_with_NoStream_conflicts_when_the_stream_exists()
    {
        var stream = NewStream();
        await fixture.Store.AppendAsync(stream, [Increment(1)], ExpectedVersion.NoStream, CancellationToken.None);

        var again = () => fixture.Store.AppendAsync(stream, [Increment(2)], ExpectedVersion.NoStream, CancellationToken.None);

        (await again.Should().ThrowAsync<WrongExpectedVersionException>()).Which.Actual.Should().Be(1);
    }

    [Fact]
    public async Task Exact_repeat_of_an_append_returns_the_stored_event_and_stores_nothing()
    {
        var stream = NewStream();
        var eventId = DeterministicEventId.From("test", Guid.NewGuid().ToString());
        var original = new EventToAppend(eventId, new CounterIncremented(5, "original"), EventMetadata.Empty);
        var first = await fixture.Store.AppendAsync(stream, [original], ExpectedVersion.NoStream, CancellationToken.None);
        var headBefore = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);

        // A retry of the same command: same id, same content, its own metadata, and the version it expected then.
        var retry = new EventToAppend(eventId, new CounterIncremented(5, "original"), new EventMetadata("someone", "retry", null));
        var second = await fixture.Store.AppendAsync(stream, [retry], ExpectedVersion.NoStream, CancellationToken.None);
        var concurrentRetries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            fixture.Store.AppendAsync(stream, [retry], ExpectedVersion.Any, CancellationToken.None)));

        first.WasDuplicate.Should().BeFalse();
        second.WasDuplicate.Should().BeTrue();
        second.LastPosition.Should().Be(first.LastPosition);
        second.Events.Should().ContainSingle().Which.Data.Should().Be(new CounterIncremented(5, "original"));
        concurrentRetries.Should().AllSatisfy(r => r.LastPosition.Should().Be(first.LastPosition));
        (await fixture.Store.ReadStreamAsync(stream.Id, 1, null, null, CancellationToken.None)).Should().ContainSingle().Which.EventId.Should().Be(eventId);
        (await fixture.Store.GetStreamVersionAsync(stream.Id, CancellationToken.None)).Should().Be(1);
        (await ReadAllAfterAsync(headBefore)).Where(e => e.StreamId == stream.Id).Should().BeEmpty();
    }

    [Fact]
    public async Task Same_event_id_with_other_content_is_a_conflict_and_stores_nothing()
    {
        var stream = NewStream();
        var eventId = Guid.CreateVersion7();
        await fixture.Store.AppendAsync(stream, [new EventToAppend(eventId, new CounterIncremented(5, "original"), EventMetadata.Empty)], ExpectedVersion.Any, CancellationToken.None);

        var other = () => fixture.Store.AppendAsync(stream, [new EventToAppend(eventId, new CounterIncremented(99, "other"), EventMetadata.Empty)], ExpectedVersion.Any, CancellationToken.None);
        var partial = () => fixture.Store.AppendAsync(
            stream,
            [new EventToAppend(eventId, new CounterIncremented(5, "original"), EventMetadata.Empty), EventToAppend.New(new CounterIncremented(1, "new"), EventMetadata.Empty)],
            ExpectedVersion.Any,
            CancellationToken.None);

        (await other.Should().ThrowAsync<EventIdConflictException>()).Which.EventId.Should().Be(eventId);
        await partial.Should().ThrowAsync<EventIdConflictException>();
        (await fixture.Store.ReadStreamAsync(stream.Id, 1, null, null, CancellationToken.None)).Should().ContainSingle()
            .Which.Data.Should().Be(new CounterIncremented(5, "original"));
    }

    [Fact]
    public async Task Same_event_id_in_two_streams_is_stored_in_both()
    {
        var (a, b) = (NewStream(), NewStream());
        var eventId = Guid.CreateVersion7();

        var first = await fixture.Store.AppendAsync(a, [new EventToAppend(eventId, new CounterIncremented(1, "x"), EventMetadata.Empty)], ExpectedVersion.Any, CancellationToken.None);
        var second = await fixture.Store.AppendAsync(b, [new EventToAppend(eventId, new CounterIncremented(1, "x"), EventMetadata.Empty)], ExpectedVersion.Any, CancellationToken.None);

        second.WasDuplicate.Should().BeFalse("an event id is unique within its stream, not across streams");
        second.LastPosition.Should().BeGreaterThan(first.LastPosition);
        (await fixture.Store.ReadStreamAsync(a.Id, 1, null, null, CancellationToken.None)).Should().ContainSingle().Which.EventId.Should().Be(eventId);
        (await fixture.Store.ReadStreamAsync(b.Id, 1, null, null, CancellationToken.None)).Should().ContainSingle().Which.EventId.Should().Be(eventId);
    }

    [Fact]
    public async Task Multi_stream_append_commits_all_streams_or_none()
    {
        var (claim, user, guard) = (NewStream(), NewStream(), NewStream());
        await fixture.Store.AppendAsync(guard, [EventToAppend.New(new CounterIncremented(1, "guard"), EventMetadata.Empty)], ExpectedVersion.NoStream, CancellationToken.None);

        // The guard stream moved past the version this command saw: nothing of it commits.
        var stale = () => fixture.Store.AppendAsync(
            [
                new StreamAppend(claim, ExpectedVersion.NoStream, [EventToAppend.New(new CounterIncremented(1, "claim"), EventMetadata.Empty)]),
                new StreamAppend(user, ExpectedVersion.NoStream, [EventToAppend.New(new CounterIncremented(1, "user"), EventMetadata.Empty)]),
                new StreamAppend(guard, ExpectedVersion.NoStream, []),
            ],
            CancellationToken.None);
        (await stale.Should().ThrowAsync<WrongExpectedVersionException>()).Which.StreamId.Should().Be(guard.Id);
        (await fixture.Store.GetStreamVersionAsync(claim.Id, CancellationToken.None)).Should().Be(0);
        (await fixture.Store.GetStreamVersionAsync(user.Id, CancellationToken.None)).Should().Be(0);

        var result = await fixture.Store.AppendAsync(
            [
                new StreamAppend(claim, ExpectedVersion.NoStream, [EventToAppend.New(new CounterIncremented(1, "claim"), EventMetadata.Empty)]),
                new StreamAppend(user, ExpectedVersion.NoStream, [EventToAppend.New(new CounterIncremented(1, "user"), EventMetadata.Empty), EventToAppend.New(new CounterIncremented(2, "user"), EventMetadata.Empty)]),
                new StreamAppend(guard, ExpectedVersion.Exactly(1), []),
            ],
            CancellationToken.None);

        result.Streams.Select(s => s.NextExpectedVersion).Should().Equal(1, 2, 1);
        result.LastPosition.Should().Be(result.Streams[1].Events[^1].Position);
        result.Streams.SelectMany(s => s.Events).Select(e => e.Position).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        (await fixture.Store.GetStreamVersionAsync(guard.Id, CancellationToken.None)).Should().Be(1, "a condition-only stream is not written");
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

    [Fact]
    public async Task Append_with_the_same_event_id_twice_in_one_call_is_refused_before_storing_anything()
    {
        var stream = NewStream();
        var twice = new EventToAppend(Guid.CreateVersion7(), new CounterIncremented(1, "x"), EventMetadata.Empty);

        var append = () => fixture.Store.AppendAsync(stream, [twice, twice], ExpectedVersion.Any, CancellationToken.None);

        await append.Should().ThrowAsync<ArgumentException>();
        (await fixture.Store.ReadStreamAsync(stream.Id, 1, null, null, CancellationToken.None)).Should().BeEmpty();
    }

    private async Task<List<StoredEvent>> ReadAllAfterAsync(long position)
    {
        var all = new List<StoredEvent>();
        while (true)
        {
            var page = await fixture.Store.ReadAllForwardAsync(position, 1000, CancellationToken.None);
            all.AddRange(page.Events);
            if (page.Events.Count == 0)
            {
                return all;
            }

            position = page.NextPosition;
        }
    }
}
