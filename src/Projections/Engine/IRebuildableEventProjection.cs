using EventChat.Application.Abstractions.EventStore;

namespace EventChat.Projections.Engine;

/// <summary>
/// An external projection that can be rebuilt blue/green, like the MySQL ones: the log is replayed into
/// an empty copy of its read model while the live one keeps serving, and the copy then takes its place.
/// </summary>
public interface IRebuildableEventProjection : IEventProjection
{
    /// <summary>Starts an empty copy of the read model beside the live one.</summary>
    Task<IEventProjectionCopy> CreateCopyAsync(CancellationToken cancellationToken);
}

/// <summary>A copy of an external read model being rebuilt.</summary>
public interface IEventProjectionCopy : IAsyncDisposable
{
    Task ApplyAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the copy the live read model, in one step readers cannot see halfway, and drops the old one.
    /// Called with the live runner stopped; the checkpoint moves to the copy's position right after.
    /// </summary>
    Task SwapInAsync(CancellationToken cancellationToken);
}
