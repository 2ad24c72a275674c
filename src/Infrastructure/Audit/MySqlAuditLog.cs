using System.Globalization;
using System.Text;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Audit;
using EventChat.Infrastructure.EventStore;
using MySqlConnector;

namespace EventChat.Infrastructure.Audit;

/// <summary>
/// <see cref="IAuditLog"/> on <c>es_events</c>. Filters need no index of their own (an index per filter would tax
/// every append, the hot path): a filtered page reads one primary-key range of at most <see cref="ScanWindow"/>
/// positions and filters it, so every page costs the same bounded read however rare the matches. A time range is
/// such a filter too, not a search: the instances' clocks are not one clock, so timestamps are not proof of where
/// in the log an instant begins (narrow a long log with <c>fromPosition</c>).
/// </summary>
public sealed class MySqlAuditLog(MySqlConnectionFactory connections, EventTypeRegistry registry) : IAuditLog
{
    public const int ScanWindow = 10_000;

    private const string Columns = "e.position, e.event_id, e.stream_id, e.stream_version, e.event_type, e.data, e.metadata, e.created_at";

    public async Task<AuditPage> ReadAsync(AuditFilter filter, long afterPosition, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var head = await HeadAsync(connection, cancellationToken);
        // Past the head the window is empty and the cursor stays put; the subtraction cannot overflow (both are >= 0).
        var windowEnd = head - afterPosition <= ScanWindow ? Math.Max(head, afterPosition) : afterPosition + ScanWindow;
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM es_events e");
        if (filter.StreamType is not null)
        {
            sql.Append(" JOIN es_streams s ON s.stream_id = e.stream_id AND s.stream_type = @streamType");
            command.Parameters.AddWithValue("@streamType", filter.StreamType);
        }

        sql.Append(" WHERE e.position > @after AND e.position <= @windowEnd");
        command.Parameters.AddWithValue("@after", afterPosition);
        command.Parameters.AddWithValue("@windowEnd", windowEnd);
        if (filter.UserId is { } userId)
        {
            // By the user (the metadata names who acted) or about them (their own streams, their id in the payload).
            sql.Append(
                " AND (JSON_UNQUOTE(JSON_EXTRACT(e.metadata, '$.userId')) = @user OR JSON_UNQUOTE(JSON_EXTRACT(e.data, '$.userId')) = @user"
                + " OR e.stream_id IN (@userStream, @loginFailuresStream))");
            var id = new Domain.Accounts.UserId(userId);
            command.Parameters.AddWithValue("@user", userId.ToString("D"));
            command.Parameters.AddWithValue("@userStream", id.Stream.Id);
            command.Parameters.AddWithValue("@loginFailuresStream", id.LoginFailuresStream.Id);
        }

        if (filter.From is not null)
        {
            sql.Append(" AND e.created_at >= @from");
            command.Parameters.AddWithValue("@from", filter.From.Value.UtcDateTime);
        }

        if (filter.To is not null)
        {
            sql.Append(" AND e.created_at < @to");
            command.Parameters.AddWithValue("@to", filter.To.Value.UtcDateTime);
        }

        sql.Append(" ORDER BY e.position LIMIT @limit");
        command.Parameters.AddWithValue("@limit", limit);
        command.CommandText = sql.ToString();
        var items = await ReadEventsAsync(command, cancellationToken);

        // A full page continues after its last event; a short one has seen its whole window.
        return new AuditPage(items, items.Count == limit ? items[^1].Position : windowEnd, head);
    }

    public async Task<IReadOnlyList<AuditEvent>> ReadStreamAsync(string streamId, long fromVersion, long? toVersion, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM es_events e WHERE e.stream_id = @stream AND e.stream_version >= @from"
            + (toVersion is null ? string.Empty : " AND e.stream_version <= @to")
            + " ORDER BY e.stream_version LIMIT @limit";
        command.Parameters.AddWithValue("@stream", streamId);
        command.Parameters.AddWithValue("@from", fromVersion);
        command.Parameters.AddWithValue("@to", toVersion);
        command.Parameters.AddWithValue("@limit", limit);
        return await ReadEventsAsync(command, cancellationToken);
    }

    public async Task<long> VersionAtAsync(string streamId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Exact rather than a binary search on time: the instances' clocks are not one clock, so a stream's timestamps
        // may step back by a little between its events, and time travel must agree with ReadStreamAsync's "written by then".
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(
            "SELECT COALESCE(MAX(stream_version), 0) FROM es_events WHERE stream_id = @stream AND created_at <= @at", connection);
        command.Parameters.AddWithValue("@stream", streamId);
        command.Parameters.AddWithValue("@at", at.UtcDateTime);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<long> HeadAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT position FROM es_log_head WHERE id = 1", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, CultureInfo.InvariantCulture);
    }

    private async Task<List<AuditEvent>> ReadEventsAsync(MySqlCommand command, CancellationToken cancellationToken)
    {
        var items = new List<AuditEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ToAudit(EventRows.Read(reader, registry, strict: false)));
        }

        return items;
    }

    /// <summary>
    /// Redacts by the rules declared on the event's type. An event this build cannot read has no type to take the
    /// rules from, so its payload is withheld (fail closed) and the reason given instead.
    /// </summary>
    private AuditEvent ToAudit(StoredEvent e)
    {
        var metadata = new AuditMetadata(e.Metadata.UserId, e.Metadata.CorrelationId, e.Metadata.CausationId, e.Metadata.ClientIp, e.Metadata.UserAgent, e.SchemaVersion);
        var (name, storedVersion) = EventTypeRegistry.ParseStoredName(e.EventType);
        return e.Data switch
        {
            UnknownEvent => new AuditEvent(e.Position, e.EventId, e.StreamId, e.StreamVersion, name, storedVersion, null, metadata, e.Timestamp, "This build does not know the event type."),
            UnreadableEvent u => new AuditEvent(e.Position, e.EventId, e.StreamId, e.StreamVersion, name, storedVersion, null, metadata, e.Timestamp, u.Error),
            _ => new AuditEvent(
                e.Position, e.EventId, e.StreamId, e.StreamVersion, name, registry.NameOf(e.Data.GetType()).Version, EventTypeRegistry.Redact(e.Data), metadata, e.Timestamp),
        };
    }
}
