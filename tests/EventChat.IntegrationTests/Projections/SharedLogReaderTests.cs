using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventChat.IntegrationTests.Projections;

/// <summary>
/// The reader every runner of a process tails the log through (<see cref="SharedLogReader"/>): runners at the head share
/// one query, runners inside its in-memory tail read from memory, and what each is handed is exactly what the store
/// answers. Other tests append to the same log meanwhile, so each test compares positions up to a bound it knows.
/// </summary>
[Collection(EventStoreCollection.Name)]
public sealed class SharedLogReaderTests(EventStoreFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Runners_at_the_head_share_one_query_and_a_runner_inside_the_tail_reads_from_memory()
    {
        var signal = new AppendSignal();
        var store = new CountingStore(fixture.CreateStore(signal));
        var head = await store.ReadHeadPositionAsync(CancellationToken.None);
        var mine = await AppendAsync(store, 20);
        var reader = new SharedLogReader(store, signal);

        var pages = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => reader.ReadAsync(head, 2000, CancellationToken.None)));

        store.LogReads.Should().Be(1, "ten runners at the same position are answered by one query");
        var expected = (await fixture.Store.ReadAllForwardAsync(head, 2000, CancellationToken.None)).Events
            .Select(e => e.Position).Where(p => p <= mine[^1]).ToArray();
        expected.Should().Contain(mine);
        foreach (var page in pages)
        {
            page.Events.Select(e => e.Position).Where(p => p <= mine[^1]).Should().Equal(expected);
        }

        // A runner that applied five of them reads on from memory.
        var behind = await reader.ReadAsync(expected[4], 3, CancellationToken.None);
        behind.Events.Select(e => e.Position).Should().Equal(expected.Skip(5).Take(3));
        behind.NextPosition.Should().Be(expected[7]);
        store.LogReads.Should().Be(1);
    }

    [Fact]
    public async Task A_runner_woken_by_an_append_is_never_handed_an_answer_read_before_it()
    {
        var signal = new AppendSignal();
        var store = new CountingStore(fixture.CreateStore(signal));
        var reader = new SharedLogReader(store, signal);
        var head = await store.ReadHeadPositionAsync(CancellationToken.None);

        // Runner A's query is answered before the append, and held there. The append is another process's (its own
        // writer, notified here as the Redis bridge would): one of this process would join the tail as it commits.
        var held = store.HoldNextLogRead();
        var runnerA = reader.ReadAsync(head, 500, CancellationToken.None);
        await held.Read.WaitAsync(Timeout);
        var appended = (await AppendAsync(fixture.CreateStore(new AppendSignal()), 1))[0];
        signal.NotifyRemote(appended);

        // Runner B was woken by that append: it reads while A's older query is still out, which it must not settle for.
        var runnerB = ReadUntilAsync(reader, head, appended);
        held.Release();
        await runnerA;
        var outcome = await runnerB.WaitAsync(Timeout);

        outcome.Should().Be(appended, "the append was notified before runner B read, so its read must see it");
        store.LogReads.Should().BeGreaterThanOrEqualTo(2, "runner B needed a query of its own");
    }

    [Fact]
    public async Task A_runner_behind_the_tail_reads_the_store_itself_and_misses_nothing()
    {
        var signal = new AppendSignal();
        var store = new CountingStore(fixture.CreateStore(signal));
        var head = await store.ReadHeadPositionAsync(CancellationToken.None);
        var mine = await AppendAsync(store, 60);
        var reader = new SharedLogReader(store, signal, maxTailEvents: 10);

        // A runner at the head pulls the tail past the others, which then start behind it.
        var leader = head;
        while (leader < mine[^1])
        {
            leader = (await reader.ReadAsync(leader, 25, CancellationToken.None)).NextPosition;
        }

        var seen = new List<long>();
        var position = head;
        while (position < mine[^1])
        {
            var page = await reader.ReadAsync(position, 7, CancellationToken.None);
            page.Events.Should().NotBeEmpty("events after {0} are committed", position);
            seen.AddRange(page.Events.Select(e => e.Position));
            position = page.NextPosition;
        }

        var expected = new List<long>();
        for (var at = head; at < mine[^1];)
        {
            var page = await fixture.Store.ReadAllForwardAsync(at, 500, CancellationToken.None);
            expected.AddRange(page.Events.Select(e => e.Position));
            at = page.NextPosition;
        }

        seen.Where(p => p <= mine[^1]).Should().Equal(expected.Where(p => p <= mine[^1]));
        seen.Should().Contain(mine).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_runner_is_told_its_read_holds_every_append_notified_before_it_and_only_then()
    {
        var signal = new AppendSignal();
        var store = new CountingStore(fixture.CreateStore(signal));
        var head = await store.ReadHeadPositionAsync(CancellationToken.None);
        var mine = await AppendAsync(store, 3);
        var reader = new SharedLogReader(store, signal);

        var notified = signal.Notifications;
        var page = await reader.ReadAsync(head, 2000, CancellationToken.None);
        page.Events.Select(e => e.Position).Should().Contain(mine);
        reader.HasEverythingNotified(page.NextPosition, notified).Should().BeTrue("the read began after the appends were notified and got less than a page");
        reader.HasEverythingNotified(mine[0], notified).Should().BeFalse("a runner short of the tail's end has more to read");

        var later = (await AppendAsync(store, 1))[0];
        reader.HasEverythingNotified(page.NextPosition, signal.Notifications).Should().BeFalse("an append notified after the read may lie beyond it");
        (await reader.ReadAsync(page.NextPosition, 2000, CancellationToken.None)).Events.Select(e => e.Position).Should().Contain(later);

        // A full page says nothing of what lies beyond it.
        var another = new SharedLogReader(store, signal);
        var notifiedBeforeFull = signal.Notifications;
        var full = await another.ReadAsync(head, 2, CancellationToken.None);
        full.Events.Should().HaveCount(2);
        another.HasEverythingNotified(full.NextPosition, notifiedBeforeFull).Should().BeFalse();
    }

    [Fact]
    public async Task Batches_this_process_commits_reach_the_runners_from_memory_and_another_process_batch_between_them_is_read()
    {
        // A database of this test's own: no other test appends between the batches it counts on being contiguous.
        await using var database = new PrivateMariaDb();
        await database.InitializeAsync();
        var connections = new MySqlConnectionFactory((fixture.Settings with
        {
            DbHost = "127.0.0.1",
            DbPort = database.Port,
            DbName = PrivateMariaDb.Database,
            DbUser = PrivateMariaDb.User,
            DbPassword = PrivateMariaDb.Password,
        }).MySqlConnectionString);
        await new SchemaMigrator(connections, NullLogger<SchemaMigrator>.Instance).MigrateAsync(EventStoreSchema.Migrations, CancellationToken.None);
        MySqlEventStore NewStore(AppendSignal signal) => new(connections, fixture.Registry, signal, new EventStoreOptions(), NullLogger<MySqlEventStore>.Instance);

        var signal = new AppendSignal();
        var store = new CountingStore(NewStore(signal));
        var reader = new SharedLogReader(store, signal);
        (await reader.ReadAsync(0, 500, CancellationToken.None)).Events.Should().BeEmpty();
        store.LogReads.Should().Be(1);

        var mine = await AppendAsync(store, 3);
        var notified = signal.Notifications;
        var page = await reader.ReadAsync(0, 500, CancellationToken.None);
        page.Events.Select(e => e.Position).Should().Equal(mine);
        store.LogReads.Should().Be(1, "the batches were handed over as they committed");
        reader.HasEverythingNotified(page.NextPosition, notified).Should().BeTrue();
        page.Events.Should().BeEquivalentTo(
            (await store.ReadAllForwardAsync(0, 500, CancellationToken.None)).Events,
            o => o.WithStrictOrdering().RespectingRuntimeTypes(),
            "a runner is handed from memory exactly what the store reads back");

        // Another process commits next (its writer, notified here as the Redis bridge would), then this one again:
        // this process's batch does not follow the tail's end, so both come from a query, in order.
        var reads = store.LogReads;
        var theirs = (await AppendAsync(NewStore(new AppendSignal()), 1))[0];
        signal.NotifyRemote(theirs);
        var next = (await AppendAsync(store, 1))[0];
        reader.HasEverythingNotified(page.NextPosition, signal.Notifications).Should().BeFalse();
        var after = await reader.ReadAsync(page.NextPosition, 500, CancellationToken.None);
        after.Events.Select(e => e.Position).Should().Equal(theirs, next);
        store.LogReads.Should().Be(reads + 1);

        // Once the tail has caught up, this process's batches join it again.
        var last = await AppendAsync(store, 2);
        var lastPage = await reader.ReadAsync(after.NextPosition, 500, CancellationToken.None);
        lastPage.Events.Select(e => e.Position).Should().Equal(last);
        store.LogReads.Should().Be(reads + 1);
        reader.HasEverythingNotified(lastPage.NextPosition, signal.Notifications).Should().BeTrue();

        // Appends of another process that nothing announced: a full page of them says nothing of what lies beyond it,
        // though the runner is past every position notified.
        var unannounced = await AppendAsync(NewStore(new AppendSignal()), 3);
        var full = await reader.ReadAsync(lastPage.NextPosition, 2, CancellationToken.None);
        full.Events.Select(e => e.Position).Should().Equal(unannounced[0], unannounced[1]);
        reader.HasEverythingNotified(full.NextPosition, signal.Notifications).Should().BeFalse("a runner after a full page reads on");
    }

    /// <summary>Reads on from <paramref name="from"/> like a runner until <paramref name="target"/> shows up; 0 if an empty page comes first.</summary>
    private static async Task<long> ReadUntilAsync(SharedLogReader reader, long from, long target)
    {
        var position = from;
        while (true)
        {
            var page = await reader.ReadAsync(position, 500, CancellationToken.None);
            if (page.Events.Count == 0)
            {
                return 0;
            }

            if (page.Events.Any(e => e.Position == target))
            {
                return target;
            }

            position = page.NextPosition;
        }
    }

    private static async Task<long[]> AppendAsync(IEventStore store, int count)
    {
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        var positions = new long[count];
        for (var i = 0; i < count; i++)
        {
            var result = await store.AppendAsync(
                stream, [EventToAppend.New(new CounterIncremented(1, $"n{i}"), EventMetadata.Empty)], ExpectedVersion.Any, CancellationToken.None);
            positions[i] = result.LastPosition;
        }

        return positions;
    }

    /// <summary>The real store, counting global-log reads; one read can be held after the store answered it.</summary>
    private sealed class CountingStore(IEventStore inner) : IEventStore
    {
        private int _logReads;
        private HeldRead? _hold;

        public int LogReads => Volatile.Read(ref _logReads);

        public HeldRead HoldNextLogRead() => _hold = new HeldRead();

        public async Task<GlobalLogPage> ReadAllForwardAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _logReads);
            var page = await inner.ReadAllForwardAsync(afterPosition, maxCount, cancellationToken);
            if (Interlocked.Exchange(ref _hold, null) is { } hold)
            {
                hold.Answered();
                await hold.Released;
            }

            return page;
        }

        public Task<MultiStreamAppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken) =>
            inner.AppendAsync(appends, cancellationToken);

        public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long fromVersion, long? toVersion, DateTimeOffset? until, CancellationToken cancellationToken) =>
            inner.ReadStreamAsync(streamId, fromVersion, toVersion, until, cancellationToken);

        public Task<StoredEvent?> ReadEventAsync(string streamId, Guid eventId, CancellationToken cancellationToken) =>
            inner.ReadEventAsync(streamId, eventId, cancellationToken);

        public Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken) =>
            inner.GetStreamVersionAsync(streamId, cancellationToken);

        public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken) => inner.ReadHeadPositionAsync(cancellationToken);
    }

    private sealed class HeldRead
    {
        private readonly TaskCompletionSource _read = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Read => _read.Task;

        public Task Released => _release.Task;

        public void Answered() => _read.TrySetResult();

        public void Release() => _release.TrySetResult();
    }
}
