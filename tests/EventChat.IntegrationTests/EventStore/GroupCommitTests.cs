using System.Collections.Concurrent;
using Dapper;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.EventStore;

/// <summary>The group-commit writer: positions visible in order by construction, and each request decided on its own.</summary>
[Collection(EventStoreCollection.Name)]
public sealed class GroupCommitTests(EventStoreFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static StreamName NewStream() => StreamName.For("counter", Guid.CreateVersion7());

    private static EventToAppend Increment(string note) => EventToAppend.New(new CounterIncremented(1, note), EventMetadata.Empty);

    [Fact]
    public async Task Reader_sees_nothing_past_a_batch_held_open_before_its_commit_until_it_commits()
    {
        // Two writers, as two processes would have: A stops between its inserts and its COMMIT.
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var writerA = fixture.CreateStore(new AppendSignal());
        await using var writerB = fixture.CreateStore(new AppendSignal());
        await writerB.AppendAsync(NewStream(), [Increment("connect")], ExpectedVersion.Any, CancellationToken.None);
        writerA.Writer.BeforeCommit = async () =>
        {
            holding.TrySetResult();
            await release.Task;
        };

        try
        {
            await HoldAndObserveAsync(writerA, writerB, holding, release);
        }
        finally
        {
            // Whatever failed, let A commit: the writer must not stay blocked past the test.
            release.TrySetResult();
        }
    }

    private async Task HoldAndObserveAsync(MySqlEventStore writerA, MySqlEventStore writerB, TaskCompletionSource holding, TaskCompletionSource release)
    {
        var appendA = writerA.AppendAsync(NewStream(), [Increment("a")], ExpectedVersion.NoStream, CancellationToken.None);
        await holding.Task.WaitAsync(Timeout);
        var frozenHead = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);

        // B's batch starts after A's and must wait for it: it is at the head lock, or (without the
        // mechanism) it has committed already.
        var appendB = writerB.AppendAsync(NewStream(), [Increment("b")], ExpectedVersion.NoStream, CancellationToken.None);
        await Deadline.WaitUntilAsync(async () => appendB.IsCompleted || await IsWaitingOnHeadLockAsync(writerB.Writer), Timeout, "writer B reaches the head lock");

        var whileHeld = await fixture.Store.ReadAllForwardAsync(frozenHead, 100, CancellationToken.None);
        whileHeld.Events.Should().BeEmpty("nothing may become visible past a position that has not committed");
        appendB.IsCompleted.Should().BeFalse("B's events come after A's, so they cannot commit before A's");

        release.SetResult();
        var (a, b) = (await appendA.WaitAsync(Timeout), await appendB.WaitAsync(Timeout));
        a.LastPosition.Should().Be(frozenHead + 1);
        b.LastPosition.Should().BeGreaterThan(a.LastPosition);
        var after = await fixture.Store.ReadAllForwardAsync(frozenHead, 1000, CancellationToken.None);
        after.Events.Select(e => e.Position).Should().Equal(Enumerable.Range(1, after.Events.Count).Select(i => frozenHead + i), "positions have no gaps");
        after.Events.Select(e => e.EventId).Should().ContainInOrder(a.Events[0].EventId, b.Events[0].EventId);
    }

    [Fact]
    public async Task Sixty_four_appenders_with_random_expected_versions_leave_each_acknowledged_append_once_and_nothing_of_the_refused()
    {
        const int Appenders = 64;
        const int AppendsEach = 25;
        var streams = Enumerable.Range(0, 8).Select(_ => NewStream()).ToArray();
        var ours = streams.Select(s => s.Id).ToHashSet();
        var start = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);
        var acknowledged = new ConcurrentBag<AppendResult>();
        var refused = new ConcurrentBag<Guid>();

        var seen = new List<StoredEvent>();
        var readUpTo = new long[] { start };
        using var stopReading = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var position = start;
            while (true)
            {
                var wake = fixture.Signal.NextAppend;
                var page = await fixture.Store.ReadAllForwardAsync(position, 500, CancellationToken.None);
                seen.AddRange(page.Events);
                position = page.NextPosition;
                Volatile.Write(ref readUpTo[0], position);
                if (page.Events.Count == 0)
                {
                    if (stopReading.IsCancellationRequested)
                    {
                        return;
                    }

                    await Task.WhenAny(wake, Task.Delay(50));
                }
            }
        });

        var appenders = Enumerable.Range(0, Appenders).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; i < AppendsEach; i++)
            {
                var stream = streams[random.Next(streams.Length)];
                var version = await fixture.Store.GetStreamVersionAsync(stream.Id, CancellationToken.None);
                var expected = random.Next(4) switch
                {
                    0 => ExpectedVersion.Any,
                    1 => ExpectedVersion.Exactly(Math.Max(0, version - 1)),
                    2 => ExpectedVersion.Exactly(version + 1),
                    _ => ExpectedVersion.Exactly(version),
                };
                var events = Enumerable.Range(0, 1 + random.Next(3)).Select(n => Increment($"{worker}-{i}-{n}")).ToArray();
                try
                {
                    acknowledged.Add(await fixture.Store.AppendAsync(stream, events, expected, CancellationToken.None));
                }
                catch (WrongExpectedVersionException)
                {
                    foreach (var e in events)
                    {
                        refused.Add(e.EventId);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(appenders);
        var end = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(() => Volatile.Read(ref readUpTo[0]) >= end, Timeout, "the reader reaches the head");
        await stopReading.CancelAsync();
        await reader.WaitAsync(Timeout);

        acknowledged.Should().NotBeEmpty();
        refused.Should().NotBeEmpty("some expected versions were wrong on purpose");
        seen.Select(e => e.Position).Should().Equal(Enumerable.Range(1, seen.Count).Select(i => start + i), "the tailing reader sees every position once, in order, none skipped");
        var ourSeen = seen.Where(e => ours.Contains(e.StreamId)).ToList();
        var acknowledgedIds = acknowledged.SelectMany(r => r.Events).Select(e => e.EventId).ToList();
        ourSeen.Select(e => e.EventId).Should().BeEquivalentTo(acknowledgedIds, "every acknowledged event is in the log exactly once, and nothing else of ours");
        ourSeen.Select(e => e.EventId).Should().NotIntersectWith(refused, "a refused append changes nothing");
        foreach (var acknowledgedAppend in acknowledged)
        {
            var logged = ourSeen.Where(e => acknowledgedAppend.Events.Any(a => a.EventId == e.EventId)).ToList();
            logged.Select(e => e.Position).Should().Equal(acknowledgedAppend.Events.Select(e => e.Position), "an acknowledgement carries the positions that were committed");
        }

        foreach (var stream in streams)
        {
            var versions = (await fixture.Store.ReadStreamAsync(stream.Id, 1, null, null, CancellationToken.None)).Select(e => e.StreamVersion).ToList();
            versions.Should().Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), "versions are contiguous per stream");
        }
    }

    [Fact]
    public async Task Concurrent_appends_share_transactions_and_each_gets_its_own_outcome()
    {
        var stream = NewStream();
        await fixture.Store.AppendAsync(stream, [Increment("first")], ExpectedVersion.NoStream, CancellationToken.None);
        var (batchesBefore, _) = fixture.Store.Writer.Counters;

        // 32 appends expecting version 1 at once: exactly one can win, whatever batches they share.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            try
            {
                return (object)await fixture.Store.AppendAsync(stream, [Increment($"racer-{i}")], ExpectedVersion.Exactly(1), CancellationToken.None);
            }
            catch (WrongExpectedVersionException ex)
            {
                return ex;
            }
        }));

        attempts.OfType<AppendResult>().Should().ContainSingle();
        attempts.OfType<WrongExpectedVersionException>().Should().HaveCount(31).And.AllSatisfy(e => e.Actual.Should().Be(2));
        (await fixture.Store.GetStreamVersionAsync(stream.Id, CancellationToken.None)).Should().Be(2);
        var (batchesAfter, _) = fixture.Store.Writer.Counters;
        (batchesAfter - batchesBefore).Should().BeLessThan(32, "appends that wait together commit together");
    }

    private async Task<bool> IsWaitingOnHeadLockAsync(GroupCommitWriter writer)
    {
        if (writer.ServerThreadId is not { } thread)
        {
            return false;
        }

        await using var connection = await fixture.Connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = @thread AND INFO LIKE '%es_log_head%FOR UPDATE%'",
            new { thread }) > 0;
    }
}
