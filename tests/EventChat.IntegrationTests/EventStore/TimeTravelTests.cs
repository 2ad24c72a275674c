using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.EventStore;

[Collection(EventStoreCollection.Name)]
public sealed class TimeTravelTests(EventStoreFixture fixture)
{
    [Fact]
    public async Task Aggregate_at_a_version_and_at_a_timestamp_equals_the_fold_of_the_events_up_to_that_point()
    {
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        var appended = new List<object>();
        var timestamps = new List<DateTimeOffset>();
        for (var i = 1; i <= 6; i++)
        {
            object data = i % 3 == 0 ? new CounterRenamed($"name-{i}") : new CounterIncremented(i, $"n{i}");
            var result = await fixture.Store.AppendAsync(stream, [EventToAppend.New(data, EventMetadata.Empty)], ExpectedVersion.Exactly(i - 1), CancellationToken.None);
            appended.Add(data);
            timestamps.Add(result.Events[0].Timestamp);
        }

        for (var version = 0; version <= 6; version++)
        {
            var expected = appended.Take(version).Aggregate(CounterState.Initial, CounterState.Evolve);

            var (atVersion, reachedVersion) = await fixture.Store.AggregateStreamAsync(stream.Id, CounterState.Initial, CounterState.Evolve, atVersion: version);

            atVersion.Should().Be(expected, $"the state at version {version} is the fold of its first {version} events");
            reachedVersion.Should().Be(version);
        }

        for (var i = 0; i < 6; i++)
        {
            // Events appended in separate commits may share a microsecond; the state "at" a timestamp
            // includes everything committed at or before it.
            var count = timestamps.Count(t => t <= timestamps[i]);
            var expected = appended.Take(count).Aggregate(CounterState.Initial, CounterState.Evolve);

            var (atTime, _) = await fixture.Store.AggregateStreamAsync(stream.Id, CounterState.Initial, CounterState.Evolve, at: timestamps[i]);

            atTime.Should().Be(expected);
        }

        var (beforeAll, versionBefore) = await fixture.Store.AggregateStreamAsync(stream.Id, CounterState.Initial, CounterState.Evolve, at: timestamps[0].AddSeconds(-1));
        beforeAll.Should().Be(CounterState.Initial);
        versionBefore.Should().Be(0);
    }
}
