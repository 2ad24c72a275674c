using Dapper;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventChat.IntegrationTests.Support;

/// <summary>Reads the test database's event log directly, to check what the Api recorded.</summary>
public static class TestEventLog
{
    private static readonly MySqlConnectionFactory Connections = new(TestSettings.Current.MySqlConnectionString);

    public static MySqlEventStore Store { get; } = new(
        Connections, EventTypes.CreateRegistry(), new AppendSignal(), new EventStoreOptions(), NullLogger<MySqlEventStore>.Instance);

    public static Task<IReadOnlyList<StoredEvent>> StreamAsync(string streamId) =>
        Store.ReadStreamAsync(streamId, 1, null, null, CancellationToken.None);

    /// <summary>How many stored events contain <paramref name="text"/> in their payload or metadata.</summary>
    public static async Task<long> CountContainingAsync(string text)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM es_events WHERE data LIKE @p OR metadata LIKE @p", new { p = $"%{text}%" });
    }

    /// <summary>The payload and metadata of every stored event that contains <paramref name="text"/>.</summary>
    public static async Task<IReadOnlyList<(string Data, string Metadata)>> StoredContainingAsync(string text)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<(string, string)>(
            "SELECT data, metadata FROM es_events WHERE data LIKE @p OR metadata LIKE @p", new { p = $"%{text}%" });
        return rows.ToList();
    }

    /// <summary>
    /// Every stored event of the uploads <paramref name="ownerId"/> started (found by their <c>upload.started</c>), oldest
    /// first, as (stored type, stream id): what the log holds of that user's uploads, whatever their file names.
    /// </summary>
    public static async Task<IReadOnlyList<(string Type, string StreamId)>> UploadEventsOfOwnerAsync(Guid ownerId)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<(string, string)>(
            """
            SELECT e.event_type, e.stream_id FROM es_events e
            WHERE e.stream_id IN (SELECT s.stream_id FROM es_events s
                                  WHERE s.event_type LIKE 'upload.started.%' AND JSON_VALUE(s.data, '$.ownerId') = @owner)
            ORDER BY e.position
            """,
            new { owner = ownerId.ToString("D") });
        return rows.ToList();
    }
}
