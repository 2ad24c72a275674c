using System.Collections.Concurrent;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Projections.Engine;

namespace EventChat.IntegrationTests.Projections;

/// <summary>
/// An external (non-MySQL) projection that records, in memory, the position of each event of its
/// streams every time it is applied. It can be told to fail once, transiently, after recording a batch:
/// what a crash between applying and moving the checkpoint looks like to the engine.
/// </summary>
public sealed class RecordingEventProjection(string name, IReadOnlySet<string> streams) : IEventProjection
{
    private int _failuresLeft;
    private int _leasesTaken;

    public string Name { get; } = name;

    /// <summary>Whether it is a push-like projection that never lingers for a larger batch.</summary>
    public bool DeliversLive { get; init; }

    /// <summary>The read models it stands for: a reader waiting in others does not cut its linger short.</summary>
    public ReadModelSet Writes { get; init; } = ReadModelSet.All;

    /// <summary>How long a batch holding an event of its streams takes to apply (a slow store behind it).</summary>
    public TimeSpan ApplyTakes { get; init; }

    public ConcurrentQueue<long> Applied { get; } = new();

    /// <summary>How many times the engine told it that its instance took the lease.</summary>
    public int LeasesTaken => Volatile.Read(ref _leasesTaken);

    public void FailOnceAfterApplying() => _failuresLeft = 1;

    public void OnLeaseTaken() => Interlocked.Increment(ref _leasesTaken);

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var mine = events.Where(e => streams.Contains(e.StreamId)).ToArray();
        if (mine.Length > 0 && ApplyTakes > TimeSpan.Zero)
        {
            await Task.Delay(ApplyTakes, cancellationToken);
        }

        foreach (var e in mine)
        {
            Applied.Enqueue(e.Position);
        }

        if (Interlocked.Exchange(ref _failuresLeft, 0) == 1)
        {
            throw new IOException("Injected transient failure after the batch was applied.");
        }
    }
}
