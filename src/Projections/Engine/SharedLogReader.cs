using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure.EventStore;

namespace EventChat.Projections.Engine;

/// <summary>
/// Reads the global log for every runner of a process. It keeps the newest events in memory (the tail): a runner
/// at or behind the tail's end but inside it reads from memory, and runners that reach the end share one query and
/// one deserialization for the next page. Live, every append wakes every runner; without the tail each would query
/// and deserialize the same few events (ten queries per append with ten projections), and a runner that fell
/// behind would be fed the small pages others had asked for. Runners behind the tail read the store themselves.
/// The batches this process commits join the tail as they commit (<see cref="AppendSignal.LocalCommit"/>) when they
/// follow its end, so with one writing process the runners never read back what it wrote; a batch after events of
/// another process waits for a query that brings both.
/// </summary>
/// <remarks>
/// The tail holds every event in <c>(start, end]</c>: a read answers all committed events after a position (the
/// store's guarantee), so appending each fetched page keeps it contiguous. A fetch is shared only with runners that
/// arrived after it began or whose last known notification it already covers (<see cref="AppendSignal.Notifications"/>):
/// a runner woken by an append must not be handed an answer read before that append committed.
/// </remarks>
public sealed class SharedLogReader : IDisposable
{
    /// <summary>About 10 MB of events; a runner further behind than this reads the store itself.</summary>
    public const int DefaultMaxTailEvents = 10_000;

    private readonly IEventStore _store;
    private readonly AppendSignal _signal;
    private readonly int _maxTailEvents;
    private readonly Lock _lock = new();
    private readonly List<StoredEvent> _tail = [];
    private long _start;
    private long _end;

    // The tail's end holds every append notified up to this count (-1: not known): the fetch that reached the end began
    // after that many notifications and answered less than a full page, so nothing committed before it lies beyond.
    private long _completeThrough = -1;

    // The tail's end was reached by a read that answered less than a full page, or by a commit of this process: nothing
    // committed before that read or commit lay beyond it. After a full page more may follow, notified or not.
    private bool _endShortOfPage;
    private bool _started;
    private Fetch? _fetch;

    public SharedLogReader(IEventStore store, AppendSignal signal, int maxTailEvents = DefaultMaxTailEvents)
    {
        _store = store;
        _signal = signal;
        _maxTailEvents = maxTailEvents;
        signal.LocalCommit += Accept;
    }

    public async Task<GlobalLogPage> ReadAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);

        // Taken before anything is read: a fetch begun at or after this count saw every append notified so far.
        var notifications = _signal.Notifications;
        while (true)
        {
            Fetch? fetch;
            lock (_lock)
            {
                if (_started && afterPosition >= _start && afterPosition < _end)
                {
                    return Slice(afterPosition, maxCount);
                }

                if (_started && afterPosition < _start)
                {
                    fetch = null;
                }
                else
                {
                    if (!_started || afterPosition > _end)
                    {
                        // First read, or a runner ahead of the tail: the tail starts again from it (it only moves forward).
                        _tail.Clear();
                        _start = _end = afterPosition;
                        _started = true;
                        _fetch = null;
                        _completeThrough = -1;
                        _endShortOfPage = false;
                    }

                    // A failed fetch is never joined; a finished one only by runners it can answer.
                    // Nor one begun before a local commit moved the end: its answer would only be thrown away.
                    if (_fetch is not { } current || current.From != _end || current.Task.IsFaulted || current.Task.IsCanceled
                        || (current.Task.IsCompleted && current.Notifications < notifications))
                    {
                        current = new Fetch(FetchAsync(_end, maxCount), _end, notifications, maxCount);
                        _fetch = current;
                    }

                    fetch = current;
                }
            }

            if (fetch is null)
            {
                return await _store.ReadAllForwardAsync(afterPosition, maxCount, cancellationToken);
            }

            GlobalLogPage page;
            try
            {
                page = await fetch.Task.WaitAsync(cancellationToken);
            }
            catch when (fetch.Task.IsFaulted)
            {
                lock (_lock)
                {
                    if (ReferenceEquals(_fetch, fetch))
                    {
                        _fetch = null;
                    }
                }

                throw;
            }

            lock (_lock)
            {
                if (ReferenceEquals(_fetch, fetch) && fetch.From == _end)
                {
                    if (page.Events.Count > 0)
                    {
                        _tail.AddRange(page.Events);
                        _end = page.NextPosition;
                        Trim();
                    }

                    _completeThrough = page.Events.Count < fetch.MaxCount ? Math.Max(_completeThrough, fetch.Notifications) : -1;
                    _endShortOfPage = page.Events.Count < fetch.MaxCount;
                }

                if (ReferenceEquals(_fetch, fetch))
                {
                    _fetch = null;
                }

                if (afterPosition >= _start && afterPosition < _end)
                {
                    return Slice(afterPosition, maxCount);
                }
            }

            if (page.Events.Count == 0 && fetch.Notifications >= notifications)
            {
                // Nothing after the end, read after every append this runner knew of: it waits for the next one.
                return new GlobalLogPage([], afterPosition);
            }

            // An older empty answer, or the tail moved while waiting: look again.
        }
    }

    /// <summary>
    /// Whether a runner that has read up to <paramref name="position"/> has every event of the appends notified before
    /// it took <paramref name="notifications"/> (<see cref="AppendSignal.Notifications"/>, taken before its read): then
    /// it can wait for the next notification instead of asking again, an empty query per wake-up saved.
    /// </summary>
    public bool HasEverythingNotified(long position, long notifications)
    {
        lock (_lock)
        {
            if (!_started || position != _end)
            {
                return false;
            }

            // Every notification carries its batch's last position and raises LatestKnownPosition before it is counted,
            // and positions commit in order: at or past the highest position notified, nothing notified lies beyond. Not
            // after a full page, though: behind it may lie events no notification announced (another process's, with
            // the Redis bridge down), which the runner must read on for, not wait the poll out.
            return notifications <= _completeThrough || (_endShortOfPage && position >= _signal.LatestKnownPosition);
        }
    }

    /// <summary>Stops taking this process's commits (the signal lives as long as the process; an engine may not).</summary>
    public void Dispose() => _signal.LocalCommit -= Accept;

    /// <summary>
    /// A batch this process committed, before the runners are woken for it: it joins the tail when it follows the tail's
    /// end (positions are gap-free), so the runners read it from memory. After events of another process the tail's end
    /// is short of it, and the batch is left to the next query, which brings both in order.
    /// </summary>
    private void Accept(IReadOnlyList<StoredEvent> committed)
    {
        lock (_lock)
        {
            if (!_started || committed[0].Position != _end + 1)
            {
                return;
            }

            _tail.AddRange(committed);
            _end = committed[^1].Position;
            _endShortOfPage = true;
            Trim();
        }
    }

    // Not the caller's token: other runners wait on this fetch too. Started on the thread pool: the query's
    // synchronous start (a pooled connection's reset, the command's write) would otherwise run inside the lock
    // that every runner woken by the same append is waiting for.
    private Task<GlobalLogPage> FetchAsync(long afterPosition, int maxCount) =>
        Task.Run(() => _store.ReadAllForwardAsync(afterPosition, maxCount, CancellationToken.None));

    private GlobalLogPage Slice(long afterPosition, int maxCount)
    {
        var first = FirstAfter(afterPosition);
        var count = Math.Min(maxCount, _tail.Count - first);
        var events = _tail.GetRange(first, count);
        return new GlobalLogPage(events, events[^1].Position);
    }

    private int FirstAfter(long position) => PositionSearch.FirstAfter(_tail, position, static e => e.Position);

    private void Trim()
    {
        // Drop in chunks (RemoveRange moves the rest): at most one move per quarter of the tail.
        if (_tail.Count > _maxTailEvents + (_maxTailEvents / 4))
        {
            var drop = _tail.Count - _maxTailEvents;
            _start = _tail[drop - 1].Position;
            _tail.RemoveRange(0, drop);
        }
    }

    private sealed record Fetch(Task<GlobalLogPage> Task, long From, long Notifications, int MaxCount);
}
