using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;

namespace EventChat.Testing.EventStore;

/// <summary>An event of the contract suite; each store under test registers it (MySQL: <c>test.contract-event</c>).</summary>
public sealed record ContractEvent(int Value, string Note);

/// <summary>
/// The contract of <see cref="IEventStore"/>, one suite run against every implementation: the in-memory
/// fake of the application tests and the MySQL store of the integration tests, so the fake cannot drift
/// from the real store. This file is linked into both test projects. The real store's database is shared
/// with parallel tests: every test uses streams of its own and reads the global log only for them.
/// </summary>
public abstract class EventStoreContractTests
{
    /// <summary>The store under test. MySQL: the shared store of the test database; fake: a new one per test.</summary>
    protected abstract IEventStore Store { get; }

    private static StreamName NewStream() => StreamName.For("contract", Guid.CreateVersion7());

    private static EventToAppend Event(int value, string note = "") =>
        EventToAppend.New(new ContractEvent(value, note), new EventMetadata("user-1", "corr-" + value, null));

    private static EventToAppend Event(Guid id, int value, string note = "") =>
        new(id, new ContractEvent(value, note), EventMetadata.Empty);

    private Task<AppendResult> AppendAsync(StreamName stream, ExpectedVersion expected, params EventToAppend[] events) =>
        Store.AppendAsync(stream, events, expected, CancellationToken.None);

    private Task<MultiStreamAppendResult> AppendAsync(params StreamAppend[] appends) => Store.AppendAsync(appends, CancellationToken.None);

    private Task<IReadOnlyList<StoredEvent>> ReadAsync(StreamName stream) => Store.ReadStreamAsync(stream.Id, 1, null, null, CancellationToken.None);

    private Task<long> VersionAsync(StreamName stream) => Store.GetStreamVersionAsync(stream.Id, CancellationToken.None);

    [Fact]
    public async Task Versions_count_per_stream_from_1_and_a_missing_stream_is_at_0()
    {
        var (a, b) = (NewStream(), NewStream());

        var first = await AppendAsync(a, ExpectedVersion.NoStream, Event(1), Event(2));
        var other = await AppendAsync(b, ExpectedVersion.NoStream, Event(3));
        var second = await AppendAsync(a, ExpectedVersion.Exactly(2), Event(4));

        first.WasDuplicate.Should().BeFalse();
        first.NextExpectedVersion.Should().Be(2);
        first.Events.Select(e => e.StreamVersion).Should().Equal(1, 2);
        first.LastPosition.Should().Be(first.Events[^1].Position);
        other.NextExpectedVersion.Should().Be(1);
        second.NextExpectedVersion.Should().Be(3);
        second.LastPosition.Should().BeGreaterThan(other.LastPosition).And.BeGreaterThan(first.LastPosition);
        (await ReadAsync(a)).Select(e => (e.StreamVersion, ((ContractEvent)e.Data).Value)).Should().Equal((1, 1), (2, 2), (3, 4));
        (await Store.ReadStreamAsync(a.Id, 2, 2, null, CancellationToken.None)).Should().ContainSingle().Which.StreamVersion.Should().Be(2);
        (await VersionAsync(a)).Should().Be(3);
        (await VersionAsync(b)).Should().Be(1);
        (await VersionAsync(NewStream())).Should().Be(0);
        (await ReadAsync(NewStream())).Should().BeEmpty();
    }

    [Fact]
    public async Task Expected_version_other_than_the_streams_is_a_typed_conflict_with_the_actual_version_and_stores_nothing()
    {
        var (stream, missing) = (NewStream(), NewStream());
        await AppendAsync(stream, ExpectedVersion.NoStream, Event(1), Event(2));

        var stale = () => AppendAsync(stream, ExpectedVersion.Exactly(1), Event(3));
        var notNew = () => AppendAsync(stream, ExpectedVersion.NoStream, Event(3));
        var ahead = () => AppendAsync(missing, ExpectedVersion.Exactly(5), Event(3));

        var conflict = (await stale.Should().ThrowAsync<WrongExpectedVersionException>()).Which;
        conflict.StreamId.Should().Be(stream.Id);
        conflict.Expected.Should().Be(ExpectedVersion.Exactly(1));
        conflict.Actual.Should().Be(2);
        (await notNew.Should().ThrowAsync<WrongExpectedVersionException>()).Which.Actual.Should().Be(2);
        (await ahead.Should().ThrowAsync<WrongExpectedVersionException>()).Which.Actual.Should().Be(0);
        (await VersionAsync(stream)).Should().Be(2);
        (await VersionAsync(missing)).Should().Be(0);
    }

    [Fact]
    public async Task Any_never_conflicts_also_from_concurrent_writers()
    {
        var stream = NewStream();
        await AppendAsync(stream, ExpectedVersion.Any, Event(0, "new stream"));

        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => AppendAsync(stream, ExpectedVersion.Any, Event(i, "a"), Event(i, "b")))));

        var events = await ReadAsync(stream);
        events.Select(e => e.StreamVersion).Should().Equal(Enumerable.Range(1, 17).Select(v => (long)v));
        events.Select(e => e.Position).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        events.Skip(1).Chunk(2).Should().AllSatisfy(pair => ((ContractEvent)pair[0].Data).Value.Should().Be(((ContractEvent)pair[1].Data).Value, "one append's events stay together"));
        (await VersionAsync(stream)).Should().Be(17);
    }

    [Fact]
    public async Task Multi_stream_append_commits_every_stream_or_none_and_a_condition_only_entry_writes_nothing()
    {
        var (claim, user, guard) = (NewStream(), NewStream(), NewStream());
        await AppendAsync(guard, ExpectedVersion.NoStream, Event(1, "guard"));

        // The guard (a condition: no events, an exact version) moved past the version this command saw.
        var stale = () => AppendAsync(
            new StreamAppend(claim, ExpectedVersion.NoStream, [Event(1, "claim")]),
            new StreamAppend(user, ExpectedVersion.NoStream, [Event(1, "user")]),
            new StreamAppend(guard, ExpectedVersion.NoStream, []));
        (await stale.Should().ThrowAsync<WrongExpectedVersionException>()).Which.StreamId.Should().Be(guard.Id);

        // An event stream's conflict fails the others too.
        await AppendAsync(user, ExpectedVersion.NoStream, Event(9, "someone else"));
        var taken = () => AppendAsync(
            new StreamAppend(claim, ExpectedVersion.NoStream, [Event(1, "claim")]),
            new StreamAppend(user, ExpectedVersion.NoStream, [Event(1, "user")]));
        (await taken.Should().ThrowAsync<WrongExpectedVersionException>()).Which.StreamId.Should().Be(user.Id);
        (await VersionAsync(claim)).Should().Be(0);

        var result = await AppendAsync(
            new StreamAppend(claim, ExpectedVersion.NoStream, [Event(1, "claim")]),
            new StreamAppend(user, ExpectedVersion.Exactly(1), [Event(1, "user"), Event(2, "user")]),
            new StreamAppend(guard, ExpectedVersion.Exactly(1), []));

        result.WasDuplicate.Should().BeFalse();
        result.Streams.Select(s => s.StreamId).Should().Equal(claim.Id, user.Id, guard.Id);
        result.Streams.Select(s => s.NextExpectedVersion).Should().Equal(1, 3, 1);
        result.Streams[2].Events.Should().BeEmpty();
        result.Streams[2].LastPosition.Should().Be(0);
        result.LastPosition.Should().Be(result.Streams[1].Events[^1].Position);
        result.Streams.SelectMany(s => s.Events).Select(e => e.Position).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        (await VersionAsync(claim)).Should().Be(1);
        (await VersionAsync(user)).Should().Be(3);
        (await VersionAsync(guard)).Should().Be(1, "a condition-only stream is not written");
    }

    [Fact]
    public async Task Exact_repeat_returns_the_original_events_and_positions_and_stores_nothing()
    {
        var (stream, other) = (NewStream(), NewStream());
        var (id, otherId) = (Guid.NewGuid(), Guid.NewGuid());
        var first = await AppendAsync(
            new StreamAppend(stream, ExpectedVersion.NoStream, [Event(id, 5, "original")]),
            new StreamAppend(other, ExpectedVersion.NoStream, [Event(otherId, 6, "original")]));
        await AppendAsync(stream, ExpectedVersion.Exactly(1), Event(7, "later"));
        var headBefore = await Store.ReadHeadPositionAsync(CancellationToken.None);

        // A retry of the same command: same ids and content, its own metadata, the (now stale) versions it expected then.
        var retry = new[]
        {
            new StreamAppend(stream, ExpectedVersion.NoStream, [new EventToAppend(id, new ContractEvent(5, "original"), new EventMetadata("someone", "retry", null))]),
            new StreamAppend(other, ExpectedVersion.NoStream, [new EventToAppend(otherId, new ContractEvent(6, "original"), EventMetadata.Empty)]),
        };
        var second = await AppendAsync(retry);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => AppendAsync(retry))));

        first.WasDuplicate.Should().BeFalse();
        foreach (var repeat in concurrent.Prepend(second))
        {
            repeat.WasDuplicate.Should().BeTrue();
            repeat.LastPosition.Should().Be(first.LastPosition);
            repeat.Streams.Should().AllSatisfy(s => s.WasDuplicate.Should().BeTrue());
            repeat.Streams.Select(s => s.LastPosition).Should().Equal(first.Streams.Select(s => s.LastPosition));
            repeat.Streams.SelectMany(s => s.Events).Select(e => (e.EventId, e.Position, e.StreamVersion, e.Data))
                .Should().Equal(first.Streams.SelectMany(s => s.Events).Select(e => (e.EventId, e.Position, e.StreamVersion, e.Data)));
        }

        (await VersionAsync(stream)).Should().Be(2);
        (await VersionAsync(other)).Should().Be(1);
        (await ReadAsync(stream)).Select(e => e.EventId).Should().HaveCount(2).And.ContainSingle(e => e == id);
        var headAfter = await Store.ReadHeadPositionAsync(CancellationToken.None);
        (await ReadAllAsync(headBefore, headAfter, stream, other)).Should().BeEmpty();
    }

    [Fact]
    public async Task Repeat_of_the_same_append_with_ids_made_by_New_is_answered_with_the_original()
    {
        // A caller that retries an append it sent before (say, after its wait was cancelled) sends the very same events.
        var stream = NewStream();
        var events = new[] { Event(1, "a"), Event(2, "b") };
        var first = await AppendAsync(new StreamAppend(stream, ExpectedVersion.NoStream, events));

        var again = await AppendAsync(new StreamAppend(stream, ExpectedVersion.NoStream, events));

        again.WasDuplicate.Should().BeTrue();
        again.LastPosition.Should().Be(first.LastPosition);
        (await VersionAsync(stream)).Should().Be(2);
    }

    [Fact]
    public async Task Same_id_with_other_content_or_a_partial_repeat_is_an_event_id_conflict_and_stores_nothing()
    {
        var stream = NewStream();
        var id = Guid.NewGuid();
        await AppendAsync(stream, ExpectedVersion.Any, Event(id, 5, "original"));

        var otherContent = () => AppendAsync(stream, ExpectedVersion.Any, Event(id, 99, "other"));
        var partial = () => AppendAsync(stream, ExpectedVersion.Any, Event(id, 5, "original"), Event(1, "new"));

        var conflict = (await otherContent.Should().ThrowAsync<EventIdConflictException>()).Which;
        conflict.EventId.Should().Be(id);
        conflict.StreamId.Should().Be(stream.Id);
        await partial.Should().ThrowAsync<EventIdConflictException>();
        (await ReadAsync(stream)).Should().ContainSingle().Which.Data.Should().Be(new ContractEvent(5, "original"));
    }

    [Fact]
    public async Task Same_event_id_in_two_streams_is_two_events()
    {
        var (a, b) = (NewStream(), NewStream());
        var id = Guid.NewGuid();

        var first = await AppendAsync(a, ExpectedVersion.Any, Event(id, 1, "x"));
        var second = await AppendAsync(b, ExpectedVersion.Any, Event(id, 1, "x"));

        second.WasDuplicate.Should().BeFalse("an event id is unique within its stream, not across streams");
        second.LastPosition.Should().BeGreaterThan(first.LastPosition);
        (await ReadAsync(a)).Should().ContainSingle().Which.EventId.Should().Be(id);
        (await ReadAsync(b)).Should().ContainSingle().Which.EventId.Should().Be(id);
    }

    [Fact]
    public async Task An_event_reads_by_its_stream_and_id_and_a_missing_one_is_null()
    {
        var (a, b) = (NewStream(), NewStream());
        var id = Guid.NewGuid();
        await AppendAsync(a, ExpectedVersion.Any, Event(1), Event(id, 2, "wanted"));

        var found = await Store.ReadEventAsync(a.Id, id, CancellationToken.None);

        found.Should().NotBeNull();
        found!.StreamVersion.Should().Be(2);
        found.Data.Should().Be(new ContractEvent(2, "wanted"));
        (await Store.ReadEventAsync(b.Id, id, CancellationToken.None)).Should().BeNull("the id is in another stream");
        (await Store.ReadEventAsync(a.Id, Guid.NewGuid(), CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Global_log_reads_forward_in_position_order_in_pages()
    {
        var (a, b) = (NewStream(), NewStream());
        var headBefore = await Store.ReadHeadPositionAsync(CancellationToken.None);

        var appended = new List<StoredEvent>();
        appended.AddRange((await AppendAsync(a, ExpectedVersion.NoStream, Event(1), Event(2))).Events);
        appended.AddRange((await AppendAsync(new StreamAppend(b, ExpectedVersion.NoStream, [Event(3)]), new StreamAppend(a, ExpectedVersion.Exactly(2), [Event(4)]))).Streams.SelectMany(s => s.Events));
        appended.AddRange((await AppendAsync(b, ExpectedVersion.Exactly(1), Event(5))).Events);

        var read = await ReadAllAsync(headBefore, appended.Max(e => e.Position), a, b, pageSize: 2);

        read.Select(e => e.Position).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        read.Select(e => (e.Position, e.EventId, e.StreamId, e.StreamVersion, e.Data))
            .Should().Equal(appended.OrderBy(e => e.Position).Select(e => (e.Position, e.EventId, e.StreamId, e.StreamVersion, e.Data)));
        read.Select(e => ((ContractEvent)e.Data).Value).Should().Equal(1, 2, 3, 4, 5);
        (await Store.ReadHeadPositionAsync(CancellationToken.None)).Should().BeGreaterThanOrEqualTo(read[^1].Position);
        var empty = await Store.ReadAllForwardAsync(long.MaxValue - 1, 10, CancellationToken.None);
        empty.Events.Should().BeEmpty();
        empty.NextPosition.Should().Be(long.MaxValue - 1);
    }

    [Fact]
    public async Task Appends_that_ask_nothing_or_repeat_an_id_or_a_stream_are_refused_before_storing_anything()
    {
        var stream = NewStream();
        var twice = Event(1, "twice");

        var sameIdTwice = () => AppendAsync(stream, ExpectedVersion.Any, twice, twice);
        var sameStreamTwice = () => AppendAsync(new StreamAppend(stream, ExpectedVersion.Any, [Event(1)]), new StreamAppend(stream, ExpectedVersion.Any, [Event(2)]));
        var conditionWithoutVersion = () => AppendAsync(new StreamAppend(NewStream(), ExpectedVersion.Any, [Event(1)]), new StreamAppend(stream, ExpectedVersion.Any, []));
        var noEvents = () => AppendAsync(new StreamAppend(stream, ExpectedVersion.NoStream, []));
        var noStreams = () => AppendAsync();

        await sameIdTwice.Should().ThrowAsync<ArgumentException>();
        await sameStreamTwice.Should().ThrowAsync<ArgumentException>();
        await conditionWithoutVersion.Should().ThrowAsync<ArgumentException>();
        await noEvents.Should().ThrowAsync<ArgumentException>();
        await noStreams.Should().ThrowAsync<ArgumentException>();
        (await ReadAsync(stream)).Should().BeEmpty();
    }

    /// <summary>
    /// The global log in (<paramref name="after"/>, <paramref name="upTo"/>], read forward in pages, keeping the events of
    /// <paramref name="first"/> and <paramref name="second"/> (a shared database holds parallel tests' events too).
    /// </summary>
    private async Task<List<StoredEvent>> ReadAllAsync(long after, long upTo, StreamName first, StreamName second, int pageSize = 1000)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal) { first.Id, second.Id };
        var all = new List<StoredEvent>();
        var position = after;
        while (position < upTo)
        {
            var page = await Store.ReadAllForwardAsync(position, pageSize, CancellationToken.None);
            page.Events.Should().NotBeEmpty("positions up to {0} are committed", upTo);
            page.Events.Count.Should().BeLessThanOrEqualTo(pageSize);
            page.Events.Select(e => e.Position).Should().BeInAscendingOrder().And.OnlyContain(p => p > position);
            page.NextPosition.Should().Be(page.Events[^1].Position);
            all.AddRange(page.Events.Where(e => e.Position <= upTo && ids.Contains(e.StreamId)));
            position = page.NextPosition;
        }

        return all;
    }
}
