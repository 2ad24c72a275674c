namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// An event as read back: <see cref="Data"/> is the current CLR type (old payloads already upcast),
/// <see cref="DataJson"/> the payload as stored (for auditors).
/// </summary>
public sealed record StoredEvent(
    long Position,
    Guid EventId,
    string StreamId,
    long StreamVersion,
    string EventType,
    int SchemaVersion,
    object Data,
    string DataJson,
    EventMetadata Metadata,
    DateTimeOffset Timestamp);
