namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// The outcome of an append. <see cref="WasDuplicate"/> is true when every event id was stored
/// already: nothing new was written and <see cref="Events"/> are the originals.
/// </summary>
public sealed record AppendResult(string StreamId, long NextExpectedVersion, long LastPosition, bool WasDuplicate, IReadOnlyList<StoredEvent> Events);
