namespace EventChat.Projections.Engine;

/// <summary>A projection as any process sees it: its checkpoint, the log head, the lag between them, its parked events.</summary>
public sealed record ProjectionStatus(
    string Name,
    long Position,
    long HeadPosition,
    long Lag,
    string Status,
    string? Owner,
    string? LastError,
    DateTimeOffset UpdatedAt,
    long ParkedEvents);

/// <summary>An event a projection could not read or apply, with the reason.</summary>
public sealed record ParkedEvent(long Position, string EventType, string Error, DateTimeOffset ParkedAt);

/// <summary>The position and type of a stored event, for parking it.</summary>
public sealed record StoredEventRef(long Position, string EventType);
