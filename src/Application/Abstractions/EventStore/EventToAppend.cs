using EventChat.Domain.Common;

namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// One event to append. <paramref name="EventId"/> is the idempotency key: derive it from a client key
/// (see <see cref="DeterministicEventId"/>) to make a repeated command store nothing new.
/// </summary>
public sealed record EventToAppend(Guid EventId, object Data, EventMetadata Metadata)
{
    public static EventToAppend New(object data, EventMetadata metadata) => new(UniqueIds.NewVersion7(), data, metadata);
}
