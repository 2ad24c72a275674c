namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// The append-only event log: the one source of truth. Streams hold the events of one aggregate;
/// the global log orders every event of every stream by <c>position</c>.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Appends the events atomically. With <see cref="ExpectedVersion.Any"/> appends to one stream are
    /// serialized and never conflict; otherwise a moved stream throws <see cref="WrongExpectedVersionException"/>.
    /// An append whose event ids are all stored already returns the stored events and stores nothing.
    /// </summary>
    Task<AppendResult> AppendAsync(
        StreamName stream,
        IReadOnlyList<EventToAppend> events,
        ExpectedVersion expectedVersion,
        CancellationToken cancellationToken);

    /// <summary>Reads one stream forward: versions in [fromVersion, toVersion], written no later than <paramref name="until"/>.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        string streamId,
        long fromVersion,
        long? toVersion,
        DateTimeOffset? until,
        CancellationToken cancellationToken);

    /// <summary>The current version of a stream, 0 when it does not exist.</summary>
    Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the global log forward after <paramref name="afterPosition"/>, gap-safe: the page never
    /// skips a position that may still commit. <see cref="GlobalLogPage.NextPosition"/> is where the
    /// next read continues (past abandoned gaps).
    /// </summary>
    Task<GlobalLogPage> ReadAllForwardAsync(long afterPosition, int maxCount, CancellationToken cancellationToken);

    /// <summary>The highest committed position (0 when the log is empty).</summary>
    Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken);
}
