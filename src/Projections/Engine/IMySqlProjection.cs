using EventChat.Application.Abstractions.EventStore;
using MySqlConnector;

namespace EventChat.Projections.Engine;

/// <summary>
/// A projection whose read model lives in MySQL. The engine calls <see cref="ApplyAsync"/> inside the
/// transaction that also moves the checkpoint, so a batch applies completely or not at all.
/// </summary>
public interface IMySqlProjection
{
    /// <summary>Stable name: the checkpoint key.</summary>
    string Name { get; }

    /// <summary>
    /// The event types it applies; others never reach <see cref="ApplyAsync"/>, and an unreadable event
    /// parks only in the projections that handle its type. Null: every event.
    /// </summary>
    IReadOnlyCollection<Type>? HandledEvents => null;

    /// <summary>The read-model tables it writes: a rebuild replays into fresh copies of them, then swaps them in.</summary>
    IReadOnlyList<string> Tables => [];

    /// <summary>What to do with an event it cannot read or apply; parked either way.</summary>
    PoisonPolicy OnPoison => PoisonPolicy.SkipAndPark;

    Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken);
}

public enum PoisonPolicy
{
    /// <summary>Park the event and go on with the next one: the read model misses one event, visibly.</summary>
    SkipAndPark,

    /// <summary>Park the event and halt the projection (status "halted") until a rebuild: order matters more than freshness.</summary>
    StopAndPark,
}
