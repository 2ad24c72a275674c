using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;

namespace EventChat.Application.Common.Commands;

/// <summary>
/// One attempt of a command: the streams it loaded (with the versions it folded) and what it decided
/// to append. <see cref="CommandRunner"/> turns it into one atomic append with those versions.
/// </summary>
public sealed class CommandSession
{
    private readonly IEventStore _store;
    private readonly EventMetadataFactory _metadata;
    private readonly Dictionary<string, (StreamName Stream, long Version)> _loaded = new(StringComparer.Ordinal);
    private readonly List<StreamAppend> _appends = [];
    private readonly StreamStateCache? _cache;
    private readonly List<string> _conditionLoads = [];

    internal CommandSession(IEventStore store, EventMetadataFactory metadata, StreamStateCache? cache = null)
    {
        _store = store;
        _metadata = metadata;
        _cache = cache;
    }

    internal IReadOnlyList<StreamAppend> Appends => _appends;

    /// <summary>The streams loaded by <see cref="LoadAsConditionAsync{TState}"/>: cached states the runner drops when the append fails or writes to them.</summary>
    internal IReadOnlyList<string> ConditionLoads => _conditionLoads;

    /// <summary>
    /// Folds a stream the command only checks (membership, blocks) and makes the append conditional on it, like
    /// <see cref="Require"/>. The state may come from <see cref="StreamStateCache"/> without reading the store: the
    /// condition is what makes that safe (a stale state fails the append, and the command runs again on a fresh fold).
    /// </summary>
    public async Task<TState> LoadAsConditionAsync<TState>(StreamName stream, TState initial, Func<TState, object, TState> evolve, CancellationToken cancellationToken)
        where TState : notnull
    {
        TState state;
        if (_cache is not null && _cache.TryGet<TState>(stream.Id, out var cached, out var version))
        {
            state = cached;
            _loaded[stream.Id] = (stream, version);
        }
        else
        {
            state = await LoadAsync(stream, initial, evolve, cancellationToken);
            _cache?.Set(stream.Id, state, _loaded[stream.Id].Version);
        }

        _conditionLoads.Add(stream.Id);
        Require(stream);
        return state;
    }

    /// <summary>Folds a stream and remembers the version folded: a later <see cref="Append(StreamName, IEnumerable{object}, Guid?)"/> expects exactly it.</summary>
    public async Task<TState> LoadAsync<TState>(StreamName stream, TState initial, Func<TState, object, TState> evolve, CancellationToken cancellationToken)
    {
        var (state, version) = await _store.AggregateStreamAsync(stream.Id, initial, evolve, cancellationToken: cancellationToken);
        _loaded[stream.Id] = (stream, version);
        return state;
    }

    /// <summary>
    /// Folds several streams of one kind, a few at a time (small streams, such as the pair streams of a
    /// group's members: the reads overlap instead of queueing one after another).
    /// </summary>
    public async Task<IReadOnlyList<TState>> LoadManyAsync<TState>(
        IReadOnlyList<StreamName> streams, TState initial, Func<TState, object, TState> evolve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var states = new TState[streams.Count];
        var versions = new long[streams.Count];
        await Parallel.ForAsync(0, streams.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            (states[i], versions[i]) = await _store.AggregateStreamAsync(streams[i].Id, initial, evolve, cancellationToken: ct));
        for (var i = 0; i < streams.Count; i++)
        {
            _loaded[streams[i].Id] = (streams[i], versions[i]);
        }

        return states;
    }

    /// <summary>Appends to a stream loaded in this session, expecting the version it was loaded at.</summary>
    public void Append(StreamName stream, IEnumerable<object> events, Guid? actingUserId = null) =>
        Append(stream, _metadata.Wrap(events, actingUserId));

    /// <summary>Appends events with ids of the caller's choosing (idempotent commands), expecting the loaded version.</summary>
    public void Append(StreamName stream, IReadOnlyList<EventToAppend> events)
    {
        if (!_loaded.TryGetValue(stream.Id, out var loaded))
        {
            throw new InvalidOperationException($"Load stream '{stream.Id}' before appending to it: the append expects the version the decision saw.");
        }

        Add(new StreamAppend(stream, ExpectedVersion.Exactly(loaded.Version), events));
    }

    /// <summary>Starts a stream that must not exist yet (its id is new: a session, a message): no load needed.</summary>
    public void AppendNew(StreamName stream, IEnumerable<object> events, Guid? actingUserId = null) =>
        Add(new StreamAppend(stream, ExpectedVersion.NoStream, _metadata.Wrap(events, actingUserId)));

    /// <summary>Appends to a stream without a decision on its state (a log of facts, such as failed logins): never a conflict.</summary>
    public void AppendToLog(StreamName stream, IEnumerable<object> events, Guid? actingUserId = null) =>
        Add(new StreamAppend(stream, ExpectedVersion.Any, _metadata.Wrap(events, actingUserId)));

    /// <summary>Appends events with ids of the caller's choosing to a stream without a decision on its state (<see cref="ExpectedVersion.Any"/>).</summary>
    public void AppendToLog(StreamName stream, IReadOnlyList<EventToAppend> events) =>
        Add(new StreamAppend(stream, ExpectedVersion.Any, events));

    /// <summary>
    /// Makes the append conditional on a loaded stream that it does not write to: if that stream moved
    /// meanwhile (a member removed while they send), the command runs again on the new state.
    /// </summary>
    public void Require(StreamName stream)
    {
        if (!_loaded.TryGetValue(stream.Id, out var loaded))
        {
            throw new InvalidOperationException($"Load stream '{stream.Id}' before requiring it.");
        }

        Add(new StreamAppend(stream, ExpectedVersion.Exactly(loaded.Version), []));
    }

    private void Add(StreamAppend append)
    {
        var index = _appends.FindIndex(a => a.Stream.Id == append.Stream.Id);
        if (index < 0)
        {
            _appends.Add(append);
            return;
        }

        // Two appends to one stream in one command become one, with the first one's expectation.
        var earlier = _appends[index];
        _appends[index] = earlier with { Events = [.. earlier.Events, .. append.Events] };
    }
}
