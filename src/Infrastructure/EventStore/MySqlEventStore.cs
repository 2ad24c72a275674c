using System.Globalization;
using System.Text;
using System.Text.Json;
using EventChat.Application.Abstractions.EventStore;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// The event store on MySQL/MariaDB. Appends lock the stream row (<c>SELECT … FOR UPDATE</c>), so appends
/// to one stream serialize while different streams proceed in parallel. Positions come from
/// AUTO_INCREMENT, which can commit out of order; <see cref="ReadAllForwardAsync"/> makes the global log
/// gap-safe (see docs/event-store.md).
/// </summary>
public sealed class MySqlEventStore(
    MySqlConnectionFactory connections,
    EventTypeRegistry registry,
    AppendSignal signal,
    EventStoreOptions options,
    ILogger<MySqlEventStore> logger) : IEventStore
{
    private const string EventColumns = "position, event_id, stream_id, stream_version, event_type, data, metadata, created_at";

    public async Task<AppendResult> AppendAsync(
        StreamName stream,
        IReadOnlyList<EventToAppend> events,
        ExpectedVersion expectedVersion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ValidateStream(stream);
        if (events.Count == 0)
        {
            throw new ArgumentException("Append at least one event.", nameof(events));
        }

        if (events.Select(e => e.EventId).Distinct().Count() != events.Count)
        {
            throw new ArgumentException("Each event of one append needs its own id.", nameof(events));
        }

        var prepared = events.Select(Prepare).ToArray();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await TryAppendAsync(stream, prepared, expectedVersion, cancellationToken);
                if (!result.WasDuplicate)
                {
                    signal.NotifyLocal(result.LastPosition);
                }

                return result;
            }
            catch (MySqlException ex) when (IsRetryable(ex) && attempt < options.MaxAppendAttempts)
            {
                // A deadlock, two appends creating the same stream, or the same event id racing in from another
                // stream: the transaction rolled back, so run it again (the retry sees the winner's commit).
                logger.LogDebug(ex, "Append to {StreamId} retried (attempt {Attempt})", stream.Id, attempt);
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }

    private async Task<AppendResult> TryAppendAsync(
        StreamName stream,
        PreparedEvent[] events,
        ExpectedVersion expectedVersion,
        CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);

        // The transaction is opened and committed inside the two command batches rather than with
        // BeginTransaction/Commit: two round trips per append instead of four, which is what a
        // database on another host charges for. Any failure in between rolls back explicitly.
        var open = true;
        try
        {
            var (currentVersion, existing) = await LockStreamAsync(connection, stream, events, cancellationToken);
            if (existing.Count > 0)
            {
                await RollbackAsync(connection);
                open = false;
                if (existing.Count != events.Length)
                {
                    throw new InvalidOperationException(
                        $"Append to '{stream.Id}' repeats {existing.Count} of {events.Length} event ids: an idempotent retry must repeat all of them.");
                }

                var last = existing[^1];
                return new AppendResult(last.StreamId, last.StreamVersion, last.Position, WasDuplicate: true, existing);
            }

            var version = currentVersion ?? 0;
            if (!expectedVersion.IsAny && expectedVersion.Value != version)
            {
                await RollbackAsync(connection);
                open = false;
                throw new WrongExpectedVersionException(stream.Id, expectedVersion, version);
            }

            var stored = await InsertAndCommitAsync(connection, stream, events, currentVersion, cancellationToken);
            open = false;
            return new AppendResult(stream.Id, version + events.Length, stored[^1].Position, WasDuplicate: false, stored);
        }
        finally
        {
            if (open)
            {
                await RollbackAsync(connection);
            }
        }
    }

    /// <summary>
    /// Round trip 1: start a READ COMMITTED transaction, lock the stream row (appends to one stream
    /// serialize here), then look for the event ids, which is only meaningful after the lock (a
    /// concurrent retry of the same append has committed by then).
    /// </summary>
    private async Task<(long? CurrentVersion, List<StoredEvent> Existing)> LockStreamAsync(
        MySqlConnection connection, StreamName stream, PreparedEvent[] events, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var ids = new StringBuilder();
        for (var i = 0; i < events.Length; i++)
        {
            ids.Append(i == 0 ? "@e0" : $", @e{i}");
            command.Parameters.AddWithValue($"@e{i}", events[i].EventId.ToString("D"));
        }

        command.CommandText =
            "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION;" +
            "SELECT version FROM es_streams WHERE stream_id = @stream FOR UPDATE;" +
            $"SELECT {EventColumns} FROM es_events WHERE event_id IN ({ids}) ORDER BY position;";
        command.Parameters.AddWithValue("@stream", stream.Id);

        long? currentVersion = null;
        var existing = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            currentVersion = reader.GetInt64(0);
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            existing.Add(ReadEvent(reader));
        }

        return (currentVersion, existing);
    }

    /// <summary>Round trip 2: create or move the stream row, insert the events, read their positions back, COMMIT.</summary>
    private static async Task<List<StoredEvent>> InsertAndCommitAsync(
        MySqlConnection connection, StreamName stream, PreparedEvent[] events, long? currentVersion, CancellationToken cancellationToken)
    {
        var version = currentVersion ?? 0;
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder();
        sql.Append(currentVersion is null
            ? "INSERT INTO es_streams (stream_id, stream_type, version, created_at, updated_at) VALUES (@stream, @type, @newVersion, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));"
            : "UPDATE es_streams SET version = @newVersion, updated_at = UTC_TIMESTAMP(6) WHERE stream_id = @stream;");
        sql.Append("INSERT INTO es_events (event_id, stream_id, stream_version, event_type, data, metadata, created_at) VALUES ");
        for (var i = 0; i < events.Length; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : ", ")}(@id{i}, @stream, @v{i}, @t{i}, @d{i}, @m{i}, UTC_TIMESTAMP(6))");
            command.Parameters.AddWithValue($"@id{i}", events[i].EventId.ToString("D"));
            command.Parameters.AddWithValue($"@v{i}", version + i + 1);
            command.Parameters.AddWithValue($"@t{i}", events[i].StoredName);
            command.Parameters.AddWithValue($"@d{i}", events[i].DataJson);
            command.Parameters.AddWithValue($"@m{i}", events[i].MetadataJson);
        }

        sql.Append(";SELECT position, created_at FROM es_events WHERE stream_id = @stream AND stream_version > @version ORDER BY stream_version;COMMIT;");
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("@stream", stream.Id);
        command.Parameters.AddWithValue("@type", stream.Type);
        command.Parameters.AddWithValue("@version", version);
        command.Parameters.AddWithValue("@newVersion", version + events.Length);

        var stored = new List<StoredEvent>(events.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var n = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var e = events[n];
            stored.Add(new StoredEvent(
                reader.GetInt64(0), e.EventId, stream.Id, version + n + 1, e.StoredName, e.SchemaVersion,
                e.Data, e.DataJson, e.Metadata, AsUtc(reader.GetDateTime(1))));
            n++;
        }

        // Drain the batch: an error of the COMMIT itself surfaces here, not silently on dispose.
        while (await reader.NextResultAsync(cancellationToken))
        {
        }

        return stored;
    }

    private static async Task RollbackAsync(MySqlConnection connection)
    {
        try
        {
            await using var rollback = new MySqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is MySqlException or InvalidOperationException)
        {
            // A broken connection has lost its transaction with it; the pool discards the connection.
        }
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        string streamId,
        long fromVersion,
        long? toVersion,
        DateTimeOffset? until,
        CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {EventColumns} FROM es_events WHERE stream_id = @stream AND stream_version >= @from");
        command.Parameters.AddWithValue("@stream", streamId);
        command.Parameters.AddWithValue("@from", Math.Max(1, fromVersion));
        if (toVersion is not null)
        {
            sql.Append(" AND stream_version <= @to");
            command.Parameters.AddWithValue("@to", toVersion.Value);
        }

        if (until is not null)
        {
            sql.Append(" AND created_at <= @until");
            command.Parameters.AddWithValue("@until", until.Value.UtcDateTime);
        }

        sql.Append(" ORDER BY stream_version");
        command.CommandText = sql.ToString();
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(ReadEvent(reader));
        }

        return events;
    }

    public async Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT version FROM es_streams WHERE stream_id = @stream", connection);
        command.Parameters.AddWithValue("@stream", streamId);
        var version = await command.ExecuteScalarAsync(cancellationToken);
        return version is null or DBNull ? 0 : Convert.ToInt64(version, CultureInfo.InvariantCulture);
    }

    public async Task<GlobalLogPage> ReadAllForwardAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // The locking read waits for every row that is in the index but not yet committed, so an append
        // that committed late with a lower position is seen before anything after it. READ COMMITTED
        // keeps it from taking gap locks that would block appenders.
        command.CommandText =
            "SET TRANSACTION ISOLATION LEVEL READ COMMITTED;" +
            $"SELECT {EventColumns}, TIMESTAMPDIFF(MICROSECOND, created_at, UTC_TIMESTAMP(6)) AS age_us " +
            "FROM es_events WHERE position > @after ORDER BY position LIMIT @max LOCK IN SHARE MODE";
        command.Parameters.AddWithValue("@after", afterPosition);
        command.Parameters.AddWithValue("@max", maxCount);

        var events = new List<StoredEvent>();
        var expected = afterPosition + 1;
        var waitingOnGap = false;
        var abandonedAgeMicroseconds = (long)options.AbandonedGapAge.TotalMicroseconds;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var position = reader.GetInt64(0);
            if (position != expected)
            {
                // Positions [expected, position) are missing: reserved but not yet in the index, or
                // abandoned by a rollback. The event after the gap tells how long ago they were reserved.
                var ageMicroseconds = reader.GetInt64(8);
                if (ageMicroseconds < abandonedAgeMicroseconds)
                {
                    waitingOnGap = true;
                    break;
                }

                logger.LogWarning("Positions {From}..{To} of the global log were abandoned (rolled back); skipping them", expected, position - 1);
            }

            events.Add(ReadEvent(reader));
            expected = position + 1;
        }

        return new GlobalLogPage(events, expected - 1, waitingOnGap);
    }

    public async Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT COALESCE(MAX(position), 0) FROM es_events", connection);
        var head = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(head, CultureInfo.InvariantCulture);
    }

    private StoredEvent ReadEvent(MySqlDataReader reader)
    {
        var storedName = reader.GetString(4);
        var dataJson = reader.GetString(5);
        var metadata = JsonSerializer.Deserialize<StoredMetadata>(reader.GetString(6), EventTypeRegistry.JsonOptions)
            ?? new StoredMetadata(null, null, null, null, null, 1);
        return new StoredEvent(
            Position: reader.GetInt64(0),
            EventId: reader.GetGuid(1),
            StreamId: reader.GetString(2),
            StreamVersion: reader.GetInt64(3),
            EventType: storedName,
            SchemaVersion: metadata.SchemaVersion,
            Data: registry.Deserialize(storedName, dataJson),
            DataJson: dataJson,
            Metadata: new EventMetadata(metadata.UserId, metadata.CorrelationId, metadata.CausationId, metadata.ClientIp, metadata.UserAgent),
            Timestamp: AsUtc(reader.GetDateTime(7)));
    }

    private PreparedEvent Prepare(EventToAppend e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (storedName, version) = registry.NameOf(e.Data.GetType());
        var metadata = new StoredMetadata(e.Metadata.UserId, e.Metadata.CorrelationId, e.Metadata.CausationId, e.Metadata.ClientIp, e.Metadata.UserAgent, version);
        return new PreparedEvent(
            e.EventId, storedName, version, e.Data, EventTypeRegistry.Serialize(e.Data),
            e.Metadata, JsonSerializer.Serialize(metadata, EventTypeRegistry.JsonOptions));
    }

    private static void ValidateStream(StreamName stream)
    {
        if (string.IsNullOrWhiteSpace(stream.Id) || stream.Id.Length > StreamName.MaxIdLength)
        {
            throw new ArgumentException($"A stream id is 1-{StreamName.MaxIdLength} characters.", nameof(stream));
        }

        if (string.IsNullOrWhiteSpace(stream.Type) || stream.Type.Length > StreamName.MaxTypeLength)
        {
            throw new ArgumentException($"A stream type is 1-{StreamName.MaxTypeLength} characters.", nameof(stream));
        }
    }

    private static bool IsRetryable(MySqlException ex) =>
        ex.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout or MySqlErrorCode.DuplicateKeyEntry;

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record PreparedEvent(
        Guid EventId,
        string StoredName,
        int SchemaVersion,
        object Data,
        string DataJson,
        EventMetadata Metadata,
        string MetadataJson);

    private sealed record StoredMetadata(
        string? UserId,
        string? CorrelationId,
        string? CausationId,
        string? ClientIp,
        string? UserAgent,
        int SchemaVersion);
}
