using EventChat.Application.Abstractions.EventStore;

namespace EventChat.Bench.EventStore;

/// <summary>
/// Appends one event per call (one transaction) with <see cref="ExpectedVersion.Any"/>, cycling through
/// the streams it was given.
/// </summary>
public sealed class StoreAppendWorker(IEventStore store, IReadOnlyList<StreamName> streams, int worker, int eventsPerAppend = 1) : IBenchWorker
{
    private long _sequence;

    public async ValueTask<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var stream = streams[(int)(_sequence % streams.Count)];
        var events = new EventToAppend[eventsPerAppend];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = EventToAppend.New(NewEvent(worker, _sequence++), NewMetadata(worker));
        }

        await store.AppendAsync(stream, events, ExpectedVersion.Any, cancellationToken);
        return events.Length;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static BenchSomethingHappened NewEvent(int worker, long sequence) => new(worker, sequence, BenchSomethingHappened.SampleText);

    /// <summary>Metadata as a command handler would pass it: a user and a fresh correlation id.</summary>
    public static EventMetadata NewMetadata(int worker) =>
        new($"bench-user-{worker:000}", Guid.CreateVersion7().ToString("D"), CausationId: null);

    /// <summary>The streams of worker <paramref name="worker"/> of <paramref name="workers"/>: every workers-th of <paramref name="all"/>.</summary>
    public static StreamName[] StreamsOf(IReadOnlyList<StreamName> all, int worker, int workers)
    {
        ArgumentNullException.ThrowIfNull(all);
        var mine = all.Where((_, i) => i % workers == worker).ToArray();
        return mine.Length > 0 ? mine : [all[worker % all.Count]];
    }
}
