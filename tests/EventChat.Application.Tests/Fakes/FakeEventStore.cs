using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;

namespace EventChat.Application.Tests.Fakes;

/// <summary>
/// An in-memory stand-in for the event store port, with its contract: versions per stream, typed
/// conflicts, idempotent event ids. Handlers are tested against it; the contract suite
/// (tests/Shared/EventStoreContractTests.cs) runs against it and against the MySQL store, so it cannot drift.
/// Appends serialize on a lock, as the real store's appends serialize on its log head.
/// </summary>
public sealed class FakeEventStore : IEventStore
{
    private readonly List<StoredEvent> _log = [];
    private readonly Lock _lock = new();

    /// <summary>Runs before each append: lets a test slip in a concurrent writer.</summary>
    public Func<StreamName, Task>? BeforeAppend { get; set; }

    /// <summary>Runs before every append (a test's fault injection).</summary>
    public Func<StreamName, Task>? BeforeAppendEach { get; set; }

    public IReadOnlyList<StoredEvent> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _log];
            }
        }
    }

    public IEnumerable<object> EventsOf(string streamId) => All.Where(e => e.StreamId == streamId).Select(e => e.Data);

    public async Task<MultiStreamAppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken)
    {
        Validate(appends);
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

        lock (_lock)
        {
            return Append(appends);
        }
    }

    /// <summary>The argument checks of the MySQL store: each refused before anything is stored.</summary>
    private static void Validate(IReadOnlyList<StreamAppend> appends)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Count == 0)
        {
            throw new ArgumentException("Append to at least one stream.", nameof(appends));
        }

        if (appends.Select(a => a.Stream.Id).Distinct(StringComparer.Ordinal).Count() != appends.Count)
        {
            throw new ArgumentException("A stream appears twice in one append.", nameof(appends));
        }

        foreach (var append in appends)
        {
            if (append.Events.Count == 0 && append.ExpectedVersion.IsAny)
            {
                throw new ArgumentException($"Stream '{append.Stream.Id}' has no events and no expected version: it asks nothing.", nameof(appends));
            }

            if (append.Events.Select(e => e.EventId).Distinct().Count() != append.Events.Count)
            {
                throw new ArgumentException("Each event of one stream's append needs its own id.", nameof(appends));
            }
        }

        if (appends.All(a => a.Events.Count == 0))
        {
            throw new ArgumentException("Append at least one event.", nameof(appends));
        }
    }

    private MultiStreamAppendResult Append(IReadOnlyList<StreamAppend> appends)
    {
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
        Task.FromResult<IReadOnlyList<StoredEvent>>(All
            .Where(e => e.StreamId == streamId && e.StreamVersion >= fromVersion && (toVersion is null || e.StreamVersion <= toVersion))
            .ToList());

    public Task<StoredEvent?> ReadEventAsync(string streamId, Guid eventId, CancellationToken cancellationToken) =>
        Task.FromResult(All.FirstOrDefault(e => e.StreamId == streamId && e.EventId == eventId));

    public Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken) =>
        Task.FromResult((long)All.Count(e => e.StreamId == streamId));

    public Task<GlobalLogPage> ReadAllForwardAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var page = All.Where(e => e.Position > afterPosition).Take(maxCount).ToList();
        return Task.FromResult(new GlobalLogPage(page, page.Count > 0 ? page[^1].Position : afterPosition));
    }

    public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken) => Task.FromResult((long)All.Count);
}
