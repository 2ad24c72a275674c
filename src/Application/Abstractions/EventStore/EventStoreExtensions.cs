using EventChat.Domain.Common;

namespace EventChat.Application.Abstractions.EventStore;

public static class EventStoreExtensions
{
    /// <summary>Appends to one stream: the single-stream form of <see cref="IEventStore.AppendAsync(IReadOnlyList{StreamAppend}, CancellationToken)"/>.</summary>
    public static async Task<AppendResult> AppendAsync(
        this IEventStore store,
        StreamName stream,
        IReadOnlyList<EventToAppend> events,
        ExpectedVersion expectedVersion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var result = await store.AppendAsync([new StreamAppend(stream, expectedVersion, events)], cancellationToken);
        return result.Streams[0];
    }

    /// <summary>
    /// Folds a stream into state: the whole stream, or as it stood at <paramref name="atVersion"/> or at
    /// the instant <paramref name="at"/> (time travel). Returns the state and the version it reflects.
    /// </summary>
    public static async Task<(TState State, long Version)> AggregateStreamAsync<TState>(
        this IEventStore store,
        string streamId,
        TState initial,
        Func<TState, object, TState> evolve,
        long? atVersion = null,
        DateTimeOffset? at = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(evolve);
        var events = await store.ReadStreamAsync(streamId, 1, atVersion, at, cancellationToken);
        var state = initial;
        long version = 0;
        foreach (var stored in events)
        {
            state = evolve(state, stored.Data);
            version = stored.StreamVersion;
        }

        return (state, version);
    }
}
