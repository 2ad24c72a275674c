using EventChat.Application.Abstractions.EventStore;

namespace EventChat.Application.Tests.Fakes;

/// <summary>
/// An in-memory stand-in for the event store port, with its contract: versions per stream, typed
/// conflicts, idempotent event ids. Handlers are tested against it; the real store has its own suite.
/// </summary>
public sealed class FakeEventStore : IEventStore
{
    private readonly List<StoredEvent> _log = [];

    /// <summary>Runs before each append: lets a test slip in a concurrent writer.</summary>
    public Func<StreamName, Task>? BeforeAppend { get; set; }

    /// <summary>Runs before every append (a test's fault injection).</summary>
    public Func<StreamName, Task>? BeforeAppendEach { get; set; }

    public IReadOnlyList<StoredEvent> All => _log;

    public IEnumerable<object> EventsOf(string streamId) => _log.Where(e => e.StreamId == streamId).Select(e => e.Data);

    public async Task<AppendResult> AppendAsync(StreamName stream, IReadOnlyList<EventToAppend> events, ExpectedVersion expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (BeforeAppendEach is { } each)
        {
            await each(stream);
        }

        if (BeforeAppend is { } hook)
        {
            BeforeAppend = null;
            await hook(stream);
        }

        var existing = _log.Where(e => events.Any(n => n.EventId == e.EventId)).ToList();
        if (existing.Count > 0)
        {
            return new AppendResult(stream.Id, existing[^1].StreamVersion, existing[^1].Position, true, existing);
        }

        var version = _log.Count(e => e.StreamId == stream.Id);
        if (!expectedVersion.IsAny && expectedVersion.Value != version)
        {
            throw new WrongExpectedVersionException(stream.Id, expectedVersion, version);
        }

        var stored = events.Select((e, i) => new StoredEvent(
            _log.Count + i + 1, e.EventId, stream.Id, version + i + 1, e.Data.GetType().Name, 1, e.Data, "{}", e.Metadata, DateTimeOffset.UnixEpoch)).ToList();
        _log.AddRange(stored);
        return new AppendResult(stream.Id, version + events.Count, stored[^1].Position, false, stored);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long fromVersion, long? toVersion, DateTimeOffset? until, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>(_log
            .Where(e => e.StreamId == streamId && e.StreamVersion >= fromVersion && (toVersion is null || e.StreamVersion <= toVersion))
            .ToList());

    public Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken) =>
        Task.FromResult((long)_log.Count(e => e.StreamId == streamId));

    public Task<GlobalLogPage> ReadAllForwardAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        var page = _log.Where(e => e.Position > afterPosition).Take(maxCount).ToList();
        return Task.FromResult(new GlobalLogPage(page, page.Count > 0 ? page[^1].Position : afterPosition, false));
    }

    public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken) => Task.FromResult((long)_log.Count);
}
