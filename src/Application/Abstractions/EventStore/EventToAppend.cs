namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// One event to append. <paramref name="EventId"/> is the idempotency key: derive it from a client key
/// (see <see cref="DeterministicEventId"/>) to make a repeated command store nothing new.
/// </summary>
public sealed record EventToAppend(Guid EventId, object Data, EventMetadata Metadata)
{
    /// <summary>
    /// True when the id was made fresh for this event by <see cref="New"/>: no earlier append can hold
    /// it, so the store skips looking it up (the one exception, a retry after a lost COMMIT, is the
    /// store's own, and it looks every id up then).
    /// </summary>
    public bool HasFreshId { get; private init; }

    public static EventToAppend New(object data, EventMetadata metadata) => new(Guid.CreateVersion7(), data, metadata) { HasFreshId = true };
}
