using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;

namespace EventChat.Application.Audit.TimeTravel;

/// <summary>
/// Where in a stream's history a state is taken: as it stood at an instant (<see cref="At"/>), after a version
/// (<see cref="Version"/>), or now (neither).
/// </summary>
public sealed record AuditInstant
{
    private AuditInstant(DateTimeOffset? at, long? version)
    {
        At = at;
        Version = version;
    }

    public DateTimeOffset? At { get; }

    public long? Version { get; }

    public static AuditInstant Now { get; } = new(null, null);

    /// <summary>From the query parameters <c>at</c> and <c>version</c>: one of them or neither; a bad one is a 400 naming it.</summary>
    public static AuditInstant Of(DateTimeOffset? at, long? version)
    {
        if (at is not null && version is not null)
        {
            throw RefusedException.Invalid("version", "Give at or version, not both.");
        }

        if (version is < 1)
        {
            throw RefusedException.Invalid("version", "version must be 1 or more.");
        }

        return new AuditInstant(at, version);
    }

    /// <summary>
    /// Folds <paramref name="streamId"/> up to this instant: the events are upcast on read, so old rows fold as the
    /// current shapes. A stream with no event by then did not exist then: 404.
    /// </summary>
    public async Task<FoldedState<TState>> FoldAsync<TState>(
        IEventStore store, string streamId, TState initial, Func<TState, object, TState> evolve, string notFound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(evolve);
        var events = await store.ReadStreamAsync(streamId, 1, Version, At, cancellationToken);
        if (events.Count == 0)
        {
            throw RefusedException.NotFound(notFound);
        }

        var state = events.Aggregate(initial, (current, e) => evolve(current, e.Data));
        return new FoldedState<TState>(state, events[^1].StreamVersion, At ?? events[^1].Timestamp);
    }
}

/// <summary>A folded state, the stream version it stands at, and the instant it describes.</summary>
public sealed record FoldedState<TState>(TState State, long Version, DateTimeOffset AsOf);
