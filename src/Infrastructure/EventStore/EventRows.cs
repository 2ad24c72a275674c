using System.Text.Json;
using System.Text.Json.Nodes;
using EventChat.Application.Abstractions.EventStore;
using MySqlConnector;

namespace EventChat.Infrastructure.EventStore;

/// <summary>How an event is stored in <c>es_events</c> and read back.</summary>
internal static class EventRows
{
    /// <summary>Event ids are BINARY(16) in RFC 4122 byte order, so they read the same in any SQL client (HEX).</summary>
    public static byte[] ToBytes(Guid id) => id.ToByteArray(bigEndian: true);

    public static Guid FromBytes(byte[] bytes) => new(bytes, bigEndian: true);

    /// <summary>
    /// Reads a row of <c>position, event_id, stream_id, stream_version, event_type, data, metadata, created_at</c>.
    /// <paramref name="strict"/>: throw when the payload cannot be read (folding a stream) instead of
    /// answering <see cref="UnreadableEvent"/> (reading the global log).
    /// </summary>
    public static StoredEvent Read(MySqlDataReader reader, EventTypeRegistry registry, bool strict)
    {
        var storedName = reader.GetString(4);
        var dataJson = reader.GetString(5);
        var metadata = ReadMetadata(reader.GetString(6));
        object data;
        try
        {
            data = registry.Deserialize(storedName, dataJson);
        }
        catch (Exception ex) when (!strict && ex is JsonException or InvalidOperationException or NotSupportedException or FormatException or ArgumentException)
        {
            data = new UnreadableEvent(storedName, EventTypeRegistry.ParseStoredName(storedName).Name, dataJson, ex.Message);
        }

        return new StoredEvent(
            Position: reader.GetInt64(0),
            EventId: FromBytes((byte[])reader.GetValue(1)),
            StreamId: reader.GetString(2),
            StreamVersion: reader.GetInt64(3),
            EventType: storedName,
            SchemaVersion: metadata.SchemaVersion,
            Data: data,
            DataJson: dataJson,
            Metadata: new EventMetadata(metadata.UserId, metadata.CorrelationId, metadata.CausationId, metadata.ClientIp, metadata.UserAgent),
            Timestamp: new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc)));
    }

    public static PreparedEvent Prepare(EventToAppend e, EventTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (storedName, version) = registry.NameOf(e.Data.GetType());
        var metadata = new StoredMetadata(e.Metadata.UserId, e.Metadata.CorrelationId, e.Metadata.CausationId, e.Metadata.ClientIp, e.Metadata.UserAgent, version);
        return new PreparedEvent(
            e.EventId, storedName, version, e.Data, EventTypeRegistry.Serialize(e.Data),
            e.Metadata, JsonSerializer.Serialize(metadata, EventTypeRegistry.JsonOptions));
    }

    /// <summary>
    /// Whether a stored event is the same as one being appended again: same type and the same payload as
    /// JSON values (MySQL's JSON type reorders keys and spaces, so text equality is not enough).
    /// Metadata is not compared: a retry comes with its own correlation id.
    /// </summary>
    public static bool SameContent(StoredEvent stored, PreparedEvent candidate)
    {
        if (!string.Equals(stored.EventType, candidate.StoredName, StringComparison.Ordinal))
        {
            return false;
        }

        return string.Equals(stored.DataJson, candidate.DataJson, StringComparison.Ordinal)
            || JsonNode.DeepEquals(JsonNode.Parse(stored.DataJson), JsonNode.Parse(candidate.DataJson));
    }

    private static StoredMetadata ReadMetadata(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<StoredMetadata>(json, EventTypeRegistry.JsonOptions) ?? StoredMetadata.Empty;
        }
        catch (JsonException)
        {
            return StoredMetadata.Empty;
        }
    }

    private sealed record StoredMetadata(
        string? UserId,
        string? CorrelationId,
        string? CausationId,
        string? ClientIp,
        string? UserAgent,
        int SchemaVersion)
    {
        public static StoredMetadata Empty { get; } = new(null, null, null, null, null, 1);
    }
}
