using EventChat.Application.Abstractions.EventStore;

namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// Wakes tailing readers when events are appended: in process directly, across processes through
/// the Redis bridge (<see cref="EventChat.Infrastructure.Redis.RedisAppendBridge"/>). Take a waiter
/// <em>before</em> reading, so an append that lands between the read and the wait is not missed.
/// </summary>
public sealed class AppendSignal
{
    private TaskCompletionSource _next = NewSource();
    private long _latestPosition;
    private long _notifications;

    /// <summary>Raised for appends made by this process (the Redis bridge republishes them).</summary>
    public event Action<long>? LocalAppend;

    /// <summary>
    /// Raised with the events of a batch this process committed, in position order, before any waiter is woken for it:
    /// a reader that keeps the newest events in memory takes them from here instead of reading them back.
    /// </summary>
    public event Action<IReadOnlyList<StoredEvent>>? LocalCommit;

    public long LatestKnownPosition => Interlocked.Read(ref _latestPosition);

    /// <summary>
    /// How many notifications this process has seen. Counted before waiters are woken, so a read begun after this
    /// count was taken sees every append notified up to it.
    /// </summary>
    public long Notifications => Interlocked.Read(ref _notifications);

    /// <summary>A task that completes at the next notification after this call.</summary>
    public Task NextAppend => Volatile.Read(ref _next).Task;

    public void NotifyLocal(long position, IReadOnlyList<StoredEvent>? committed = null)
    {
        if (committed is { Count: > 0 })
        {
            LocalCommit?.Invoke(committed);
        }

        Bump(position);
        LocalAppend?.Invoke(position);
    }

    public void NotifyRemote(long position) => Bump(position);

    private void Bump(long position)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _latestPosition);
        }
        while (position > seen && Interlocked.CompareExchange(ref _latestPosition, position, seen) != seen);

        Interlocked.Increment(ref _notifications);
        Interlocked.Exchange(ref _next, NewSource()).TrySetResult();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
