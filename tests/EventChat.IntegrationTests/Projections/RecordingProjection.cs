using EventChat.Application.Abstractions.EventStore;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Engine;
using MySqlConnector;

namespace EventChat.IntegrationTests.Projections;

/// <summary>
/// Writes one row per applied event of its own streams (no unique key, so a double apply would show
/// as two rows). It can be told to fail on a given event, after it has written the rows before it.
/// </summary>
public sealed class RecordingProjection(string name, IReadOnlySet<string> streams) : IMySqlProjection
{
    public const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS test_projection_rows (
            id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            projection VARCHAR(100) NOT NULL,
            event_id CHAR(36) NOT NULL,
            position BIGINT NOT NULL,
            KEY ix_projection (projection)
        ) ENGINE=InnoDB
        """;

    public string Name { get; } = name;

    public string? FailOnNote { get; set; }

    public PoisonPolicy OnPoison { get; set; } = PoisonPolicy.SkipAndPark;

    public IReadOnlyCollection<Type>? HandledEvents { get; set; }

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events.Where(e => streams.Contains(e.StreamId)))
        {
            if (FailOnNote is not null && e.Data is CounterIncremented { Note: var note } && note == FailOnNote)
            {
                throw new InvalidOperationException($"Injected failure at event '{note}'.");
            }

            await using var command = new MySqlCommand(
                "INSERT INTO test_projection_rows (projection, event_id, position) VALUES (@p, @e, @pos)", connection, transaction);
            command.Parameters.AddWithValue("@p", Name);
            command.Parameters.AddWithValue("@e", e.EventId.ToString("D"));
            command.Parameters.AddWithValue("@pos", e.Position);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
