using EventChat.Application.Abstractions.EventStore;
using MySqlConnector;

namespace EventChat.Projections.Engine;

/// <summary>
/// A projection whose read model lives in MySQL. The engine calls <see cref="ApplyAsync"/> inside the
/// transaction that also moves the checkpoint, so a batch applies completely or not at all.
/// </summary>
public interface IMySqlProjection : IProjection
{
    /// <summary>The read-model tables it writes: a rebuild replays into fresh copies of them, then swaps them in.</summary>
    IReadOnlyList<string> Tables => [];

    Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken);
}
