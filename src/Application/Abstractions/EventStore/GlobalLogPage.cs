namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// A page of the global log, in position order. <see cref="NextPosition"/> is where the next read
/// continues: the last event's position, or the position read after when the page is empty.
/// </summary>
public sealed record GlobalLogPage(IReadOnlyList<StoredEvent> Events, long NextPosition);
