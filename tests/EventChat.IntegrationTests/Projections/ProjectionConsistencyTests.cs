using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Engine;
using EventChat.Projections.ReadModels;

namespace EventChat.IntegrationTests.Projections;

/// <summary>
/// Read-your-writes against projections active in another process (<see cref="ProjectionConsistency"/> with no local
/// progress): a checkpoint row behind the position waited for counts as there exactly when none of the events its
/// projection handles lie between the two, since such rows are written only about once a second.
/// </summary>
[Collection(EventStoreCollection.Name)]
public sealed class ProjectionConsistencyTests(EventStoreFixture fixture)
{
    [Fact]
    public async Task A_row_behind_counts_as_there_when_no_event_it_handles_lies_between_and_only_then()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var renames = "test-renames-" + suffix;
        var increments = "test-increments-" + suffix;
        var checkpoints = new ProjectionCheckpoints(fixture.Connections);
        var head = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);
        await checkpoints.EnsureAsync(renames, head, CancellationToken.None);
        await checkpoints.EnsureAsync(increments, head, CancellationToken.None);
        var position = (await fixture.Store.AppendAsync(
            StreamName.For("counter", Guid.CreateVersion7()),
            [EventToAppend.New(new CounterIncremented(1, "between"), EventMetadata.Empty)],
            ExpectedVersion.Any,
            CancellationToken.None)).LastPosition;

        var renamesOnly = Consistency(new Handling(renames, typeof(CounterRenamed)));
        (await renamesOnly.WaitForPositionAsync(position, TimeSpan.FromSeconds(5), CancellationToken.None))
            .Should().BeTrue("no rename lies between the row and the position");

        // A row further behind than the waiter looks is not there, whatever lies between.
        var lookingNowhere = new ProjectionConsistency(
            fixture.Connections, new ProjectionCatalog([], [new Handling(renames, typeof(CounterRenamed))]), new ProjectionProgress(), fixture.Registry, maxScannedPositions: 0);
        (await lookingNowhere.WaitForPositionAsync(position, TimeSpan.FromMilliseconds(300), CancellationToken.None)).Should().BeFalse();

        var both = Consistency(new Handling(renames, typeof(CounterRenamed)), new Handling(increments, typeof(CounterIncremented)));
        (await both.WaitForPositionAsync(position, TimeSpan.FromMilliseconds(300), CancellationToken.None))
            .Should().BeFalse("the increment lies between the second projection's row and the position");

        await using (var connection = await fixture.Connections.OpenAsync(CancellationToken.None))
        {
            await ProjectionCheckpoints.AdvanceAsync(connection, null, increments, head, position, "test", CancellationToken.None);
        }

        (await both.WaitForPositionAsync(position, TimeSpan.FromSeconds(5), CancellationToken.None)).Should().BeTrue();

        // Later positions: the types read for the first wait are kept, and those after them are read in turn.
        var renamed = (await fixture.Store.AppendAsync(
            StreamName.For("counter", Guid.CreateVersion7()),
            [EventToAppend.New(new CounterRenamed("later"), EventMetadata.Empty)],
            ExpectedVersion.Any,
            CancellationToken.None)).LastPosition;
        (await both.WaitForPositionAsync(renamed, TimeSpan.FromMilliseconds(300), CancellationToken.None))
            .Should().BeFalse("the rename lies between the first projection's row and the new position");
        await using (var connection = await fixture.Connections.OpenAsync(CancellationToken.None))
        {
            await ProjectionCheckpoints.AdvanceAsync(connection, null, renames, head, renamed, "test", CancellationToken.None);
        }

        (await both.WaitForPositionAsync(renamed, TimeSpan.FromSeconds(5), CancellationToken.None))
            .Should().BeTrue("no increment lies between the second projection's row and the new position");
    }

    [Fact]
    public async Task Readers_waiting_at_once_share_the_log_reads_and_each_gets_the_answer_for_its_own_position()
    {
        var renames = "test-renames-" + Guid.NewGuid().ToString("N")[..12];
        var head = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);
        await new ProjectionCheckpoints(fixture.Connections).EnsureAsync(renames, head, CancellationToken.None);
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        var increment = (await fixture.Store.AppendAsync(
            stream, [EventToAppend.New(new CounterIncremented(1, "first"), EventMetadata.Empty)], ExpectedVersion.Any, CancellationToken.None)).LastPosition;
        var rename = (await fixture.Store.AppendAsync(
            stream, [EventToAppend.New(new CounterRenamed("second"), EventMetadata.Empty)], ExpectedVersion.Any, CancellationToken.None)).LastPosition;
        var renamesOnly = Consistency(new Handling(renames, typeof(CounterRenamed)));

        // Thirty readers at once on one instance: one read of the log at a time, each answer still its own.
        var waits = Enumerable.Range(0, 30)
            .Select(i => i % 2 == 0 ? increment : rename)
            .Select(async position => (Position: position, Reached: await renamesOnly.WaitForPositionAsync(position, TimeSpan.FromMilliseconds(500), CancellationToken.None)))
            .ToArray();
        var answers = await Task.WhenAll(waits);

        answers.Where(a => a.Position == increment).Should().OnlyContain(a => a.Reached, "no rename lies between the row and the increment");
        answers.Where(a => a.Position == rename).Should().OnlyContain(a => !a.Reached, "the rename lies between the row and its own position");
    }

    private ProjectionConsistency Consistency(params IEventProjection[] projections) =>
        new(fixture.Connections, new ProjectionCatalog([], projections), new ProjectionProgress(), fixture.Registry);

    private sealed class Handling(string name, params Type[] handled) : IEventProjection
    {
        public string Name => name;

        public IReadOnlyCollection<Type>? HandledEvents => handled;

        public Task ApplyAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
