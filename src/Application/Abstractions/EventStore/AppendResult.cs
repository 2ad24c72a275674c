namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// One stream's outcome of an append. <see cref="WasDuplicate"/> is true when the append repeated
/// events stored already: nothing new was written and <see cref="Events"/> are the originals.
/// </summary>
public sealed record AppendResult(string StreamId, long NextExpectedVersion, long LastPosition, bool WasDuplicate, IReadOnlyList<StoredEvent> Events);

/// <summary>
/// The outcome of an atomic append to one or more streams: one <see cref="AppendResult"/> per stream,
/// in the order they were given, and the position of the append's last event.
/// </summary>
public sealed record MultiStreamAppendResult(IReadOnlyList<AppendResult> Streams, long LastPosition, bool WasDuplicate);
