using System.Collections.Concurrent;

namespace EventChat.Projections.Engine;

/// <summary>
/// The positions this process's active runners have committed, and a pulse after each commit:
/// read-your-writes waits on it instead of polling the checkpoints table. Projections active in
/// another process (a worker, or another instance holding the lease) are not seen here; for them the
/// waiter falls back to reading the checkpoints.
/// </summary>
public sealed class ProjectionProgress
{
    private readonly ConcurrentDictionary<string, long> _positions = new(StringComparer.Ordinal);
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes at the next commit of any local runner after this call.</summary>
    public Task NextAdvance => Volatile.Read(ref _next).Task;

    public void Report(string projection, long position)
    {
        _positions.AddOrUpdate(projection, position, (_, known) => Math.Max(known, position));
        Interlocked.Exchange(ref _next, NewSource()).TrySetResult();
    }

    /// <summary>A runner that lost its lease no longer speaks for the projection.</summary>
    public void Forget(string projection) => _positions.TryRemove(projection, out _);

    /// <summary>The position this process's runner of <paramref name="projection"/> has committed; 0 when it runs elsewhere.</summary>
    public long PositionOf(string projection) => _positions.TryGetValue(projection, out var known) ? known : 0;

    public bool HasReached(string projection, long position) => _positions.TryGetValue(projection, out var known) && known >= position;

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
