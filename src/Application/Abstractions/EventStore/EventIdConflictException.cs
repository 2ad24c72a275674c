namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// An append repeated an event id that its stream already holds, but not as an exact repeat: the
/// stored event has other content, or only some of the append's events are stored. Idempotent
/// retries must repeat the whole append with the same content.
/// </summary>
public sealed class EventIdConflictException : Exception
{
    public EventIdConflictException(string streamId, Guid eventId, string reason)
        : base($"Event {eventId:D} of stream '{streamId}' {reason}.")
    {
        StreamId = streamId;
        EventId = eventId;
    }

    public EventIdConflictException()
        : this(string.Empty, Guid.Empty, "conflicts")
    {
    }

    public EventIdConflictException(string message)
        : base(message)
    {
        StreamId = string.Empty;
    }

    public EventIdConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        StreamId = string.Empty;
    }

    public string StreamId { get; }

    public Guid EventId { get; }
}
