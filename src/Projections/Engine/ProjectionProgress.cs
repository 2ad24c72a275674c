using System.Collections.Concurrent;

namespace EventChat.Projections.Engine;

/// <summary>
/// The positions this process's active runners have committed, and a pulse after each commit:
/// read-your-writes waits on it instead of polling the checkpoints table. Projections active in
/// another process (a worker, or another instance holding the lease) are not seen here; for them the
/// waiter falls back to reading the checkpoints. Readers also say here which position they wait for in which
/// projections, so a runner of one of those lingering for a larger batch (<see cref="ProjectionOptions.BatchLinger"/>)
/// reads at once instead.
/// </summary>
public sealed class ProjectionProgress
{
    private readonly ConcurrentDictionary<string, long> _positions = new(StringComparer.Ordinal);
    private TaskCompletionSource _next = NewSource();
    private readonly ConcurrentDictionary<string, long> _awaited = new(StringComparer.Ordinal);
    private TaskCompletionSource _nextAwaited = NewSource();

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

    /// <summary>Whether this process's runner of <paramref name="projection"/> holds its lease and has reported a position.</summary>
    public bool IsActiveHere(string projection) => _positions.ContainsKey(projection);

    public bool HasReached(string projection, long position) => _positions.TryGetValue(projection, out var known) && known >= position;

    /// <summary>The highest position a reader of this process has waited for in <paramref name="projection"/>.</summary>
    public long HighestAwaited(string projection) => _awaited.TryGetValue(projection, out var position) ? position : 0;

    /// <summary>
    /// Completes when a reader starts waiting for a position higher than any before in some projection. Take it before
    /// looking at <see cref="HighestAwaited"/>, so a reader that comes between the look and the wait still completes it.
    /// </summary>
    public Task NextAwaited => Volatile.Read(ref _nextAwaited).Task;

    /// <summary>
    /// A reader waits for <paramref name="position"/> in <paramref name="projections"/> (read-your-writes): those of them
    /// lingering behind it read at once; the others go on lingering.
    /// </summary>
    public void Awaiting(long position, IEnumerable<string> projections)
    {
        ArgumentNullException.ThrowIfNull(projections);
        var raised = false;
        foreach (var projection in projections)
        {
            while (true)
            {
                if (!_awaited.TryGetValue(projection, out var known))
                {
                    if (_awaited.TryAdd(projection, position))
                    {
                        raised = true;
                        break;
                    }

                    continue;
                }

                if (known >= position)
                {
                    break;
                }

                if (_awaited.TryUpdate(projection, position, known))
                {
                    raised = true;
                    break;
                }
            }
        }

        if (raised)
        {
            Interlocked.Exchange(ref _nextAwaited, NewSource()).TrySetResult();
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
