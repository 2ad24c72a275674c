using System.Globalization;
using System.Text.Json;
using EventChat.Infrastructure.EventStore;
using MySqlConnector;

namespace EventChat.Bench.EventStore;

/// <summary>
/// The baseline: one autocommitted single-row INSERT per call into a plain table with the columns and
/// row size of es_events (primary key only), over a connection the worker holds open: one round trip
/// and one commit per row, nothing else.
/// </summary>
public sealed class BaselineInsertWorker : IBenchWorker
{
    private static readonly string EventType = EventTypeRegistry.FormatStoredName(BenchSomethingHappened.StoredName, 1);

    private readonly MySqlConnection _connection;
    private readonly MySqlCommand _insert;
    private readonly MySqlParameter _rowId;
    private readonly MySqlParameter _version;
    private readonly MySqlParameter _data;
    private readonly MySqlParameter _metadata;
    private readonly int _worker;
    private long _sequence;

    private BaselineInsertWorker(MySqlConnection connection, int worker, string streamId)
    {
        _connection = connection;
        _worker = worker;
        _insert = new MySqlCommand(
            $"INSERT INTO {BenchDatabase.BaselineTable} (row_id, stream_id, stream_version, event_type, data, metadata, created_at) " +
            "VALUES (@rowId, @stream, @version, @type, @data, @metadata, UTC_TIMESTAMP(6))",
            connection);
        _rowId = _insert.Parameters.AddWithValue("@rowId", string.Empty);
        _insert.Parameters.AddWithValue("@stream", streamId);
        _version = _insert.Parameters.AddWithValue("@version", 0L);
        _insert.Parameters.AddWithValue("@type", EventType);
        _data = _insert.Parameters.AddWithValue("@data", string.Empty);
        _metadata = _insert.Parameters.AddWithValue("@metadata", string.Empty);
    }

    public static async Task<IBenchWorker> OpenAsync(BenchDatabase database, int worker, string streamId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = await database.OpenConnectionAsync(cancellationToken);
        return new BaselineInsertWorker(connection, worker, streamId);
    }

    public async ValueTask<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        _sequence++;
        _rowId.Value = Guid.CreateVersion7().ToString("D");
        _version.Value = _sequence;
        _data.Value = EventTypeRegistry.Serialize(StoreAppendWorker.NewEvent(_worker, _sequence));
        _metadata.Value = MetadataJson(_worker);
        await _insert.ExecuteNonQueryAsync(cancellationToken);
        return 1;
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>The metadata JSON the store writes for <see cref="StoreAppendWorker.NewMetadata"/> (same fields, same size).</summary>
    public static string MetadataJson(int worker)
    {
        var m = StoreAppendWorker.NewMetadata(worker);
        return JsonSerializer.Serialize(
            new { m.UserId, m.CorrelationId, m.CausationId, m.ClientIp, m.UserAgent, SchemaVersion = 1 },
            EventTypeRegistry.JsonOptions);
    }

    public static string StreamIdFor(string runId, int concurrency, int worker) =>
        string.Create(CultureInfo.InvariantCulture, $"bench-{runId}-raw-c{concurrency}-{worker:000}");
}
