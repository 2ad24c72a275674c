using EventChat.Application.Abstractions.EventStore;
using MySqlConnector;

namespace EventChat.Projections.Engine;

/// <summary>
/// A projection whose read model lives in MySQL. The engine calls <see cref="ApplyAsync"/> inside the
/// transaction that also moves the checkpoint, so a batch applies completely or not at all.
/// </summary>
public interface IMySqlProjection
{
    /// <summary>Stable name: the checkpoint key. Renaming it rebuilds the read model from position 0.</summary>
    string Name { get; }

    Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken);
}
