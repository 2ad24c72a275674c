namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// The append-only event log: the one source of truth. Streams hold the events of one aggregate;
/// the global log orders every event of every stream by <c>position</c>, and positions become
/// visible strictly in order, so a reader that reads <c>position &gt; checkpoint</c> never skips one.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Appends to one or more streams atomically: every stream's events commit together, or none do.
    /// A stream whose version is not its <see cref="StreamAppend.ExpectedVersion"/> fails the whole
    /// append with <see cref="WrongExpectedVersionException"/>; with <see cref="ExpectedVersion.Any"/>
    /// appends to a stream serialize and never conflict. An exact repeat of stored event ids (same
    /// streams, same content) returns the originals and stores nothing; a partial or different repeat
    /// throws <see cref="EventIdConflictException"/>.
    /// </summary>
    Task<MultiStreamAppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken);

    /// <summary>
    /// Reads one stream forward: versions in [fromVersion, toVersion], written no later than
    /// <paramref name="until"/>. Throws when an event cannot be read: a decision must not be made
    /// on a state that silently lacks an event.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        string streamId,
        long fromVersion,
        long? toVersion,
        DateTimeOffset? until,
        CancellationToken cancellationToken);

    /// <summary>
    /// One event of a stream by its id, or null: the original of an idempotent command whose repeat
    /// conflicted (same key, other content). One indexed read.
    /// </summary>
    Task<StoredEvent?> ReadEventAsync(string streamId, Guid eventId, CancellationToken cancellationToken);

    /// <summary>The current version of a stream, 0 when it does not exist.</summary>
    Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the global log forward after <paramref name="afterPosition"/>. Events that cannot be
    /// deserialized come back with an <see cref="UnreadableEvent"/> payload instead of failing the page.
    /// </summary>
    Task<GlobalLogPage> ReadAllForwardAsync(long afterPosition, int maxCount, CancellationToken cancellationToken);

    /// <summary>The highest committed position (0 when the log is empty).</summary>
    Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken);
}
