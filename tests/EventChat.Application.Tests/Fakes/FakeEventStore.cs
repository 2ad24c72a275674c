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

    public async Task<MultiStreamAppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appends);
        foreach (var append in appends)
        {
            if (BeforeAppendEach is { } each)
            {
                await each(append.Stream);
            }

            if (BeforeAppend is { } hook)
            {
                BeforeAppend = null;
                await hook(append.Stream);
            }
        }

        // The same contract as the MySQL store: idempotency per stream first, then every expected
        // version, then all streams or none.
        var repeats = appends
            .SelectMany(a => a.Events.Select(e => (a.Stream.Id, Event: e)))
            .Select(x => (x.Event, Stored: _log.FirstOrDefault(s => s.StreamId == x.Id && s.EventId == x.Event.EventId)))
            .ToList();
        var repeated = repeats.Where(r => r.Stored is not null).ToList();
        if (repeated.Count > 0)
        {
            if (repeated.Count < repeats.Count || repeated.Any(r => r.Stored!.Data != r.Event.Data && !Equals(r.Stored!.Data, r.Event.Data)))
            {
                throw new EventIdConflictException(repeated[0].Stored!.StreamId, repeated[0].Event.EventId, "conflicts");
            }

            var results = appends.Select(a =>
            {
                var originals = _log.Where(e => e.StreamId == a.Stream.Id && a.Events.Any(n => n.EventId == e.EventId)).ToList();
                return new AppendResult(a.Stream.Id, originals.Count > 0 ? originals[^1].StreamVersion : VersionOf(a.Stream.Id), originals.Count > 0 ? originals[^1].Position : 0, true, originals);
            }).ToList();
            return new MultiStreamAppendResult(results, results.Max(r => r.LastPosition), true);
        }

        foreach (var append in appends)
        {
            var version = VersionOf(append.Stream.Id);
            if (!append.ExpectedVersion.IsAny && append.ExpectedVersion.Value != version)
            {
                throw new WrongExpectedVersionException(append.Stream.Id, append.ExpectedVersion, version);
            }
        }

        var written = new List<AppendResult>();
        foreach (var append in appends)
        {
            var version = VersionOf(append.Stream.Id);
            var stored = append.Events.Select((e, i) => new StoredEvent(
                _log.Count + i + 1, e.EventId, append.Stream.Id, version + i + 1, e.Data.GetType().Name, 1, e.Data, "{}", e.Metadata, DateTimeOffset.UnixEpoch)).ToList();
            _log.AddRange(stored);
            written.Add(new AppendResult(append.Stream.Id, version + stored.Count, stored.Count > 0 ? stored[^1].Position : 0, false, stored));
        }

        return new MultiStreamAppendResult(written, _log.Count, false);
    }

    private long VersionOf(string streamId) => _log.Count(e => e.StreamId == streamId);

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long fromVersion, long? toVersion, DateTimeOffset? until, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>(_log
            .Where(e => e.StreamId == streamId && e.StreamVersion >= fromVersion && (toVersion is null || e.StreamVersion <= toVersion))
            .ToList());

    public Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken) =>
        Task.FromResult((long)_log.Count(e => e.StreamId == streamId));

    public Task<GlobalLogPage> ReadAllForwardAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        var page = _log.Where(e => e.Position > afterPosition).Take(maxCount).ToList();
        return Task.FromResult(new GlobalLogPage(page, page.Count > 0 ? page[^1].Position : afterPosition));
    }

    public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken) => Task.FromResult((long)_log.Count);
}
