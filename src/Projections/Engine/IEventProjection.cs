using EventChat.Application.Abstractions.EventStore;

namespace EventChat.Projections.Engine;

/// <summary>
/// A projection whose effects live outside MySQL (a Redis read model, pushes to clients). Its writes
/// cannot share a transaction with the checkpoint, so the engine applies a batch first and moves the
/// checkpoint after: each event is applied at least once, and again after a crash between the two.
/// <see cref="ApplyAsync"/> must therefore be idempotent (applying an event twice changes nothing),
/// for example by keeping, per key, the log position it last reflects.
/// </summary>
public interface IEventProjection : IProjection
{
    Task ApplyAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Called when this instance takes the lease, before its first batch (and again after a failed batch is retried):
    /// whatever the projection kept in memory under an earlier lease may since have been changed by another instance.
    /// </summary>
    void OnLeaseTaken()
    {
    }
}
