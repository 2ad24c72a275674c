using EventChat.Application.Abstractions;

namespace EventChat.Projections.Engine;

/// <summary>
/// What every projection shares, whatever it writes to: a name (its checkpoint and lease), the events
/// it handles and what to do with one it cannot apply. The engine runs each once per cluster (one
/// lease holder), in log order, and records its position, lag and parked events alike.
/// </summary>
public interface IProjection
{
    /// <summary>Stable name: the checkpoint key.</summary>
    string Name { get; }

    /// <summary>
    /// The event types it applies; others never reach it, and an unreadable event parks only in the
    /// projections that handle its type. Null: every event.
    /// </summary>
    IReadOnlyCollection<Type>? HandledEvents => null;

    /// <summary>
    /// Whether someone waits on each of its effects as it happens (a push to a connected client): its runner never
    /// lingers for a larger batch (<see cref="ProjectionOptions.BatchLinger"/>), which would delay every push.
    /// </summary>
    bool DeliversLive => false;

    /// <summary>
    /// The read models it writes: a read of them with <c>minPosition</c> waits for this projection, and a read of
    /// others neither waits for it nor cuts its linger short. <see cref="ReadModelSet.None"/>: nothing a query reads (a
    /// push). Unsaid: every read waits for it.
    /// </summary>
    ReadModelSet Writes => ReadModelSet.All;

    /// <summary>What to do with an event it cannot read or apply; parked either way.</summary>
    PoisonPolicy OnPoison => PoisonPolicy.SkipAndPark;
}

public enum PoisonPolicy
{
    /// <summary>Park the event and go on with the next one: the read model misses one event, visibly.</summary>
    SkipAndPark,

    /// <summary>Park the event and halt the projection (status "halted") until a rebuild: order matters more than freshness.</summary>
    StopAndPark,
}
