using System.Globalization;
using System.Text;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.Infrastructure.Observability;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// The event store on MySQL/MariaDB. Appends go through the process's one <see cref="GroupCommitWriter"/>;
/// reads use pooled connections. Positions become visible in order (the writer allocates them under
/// the head row lock held to COMMIT), so the global log is read with a plain <c>position &gt; @after</c>.
/// See docs/event-store.md.
/// </summary>
public sealed class MySqlEventStore : IEventStore, IAsyncDisposable
{
    private const string EventColumns = "position, event_id, stream_id, stream_version, event_type, data, metadata, created_at";

    private readonly MySqlConnectionFactory _connections;
    private readonly EventTypeRegistry _registry;

    public MySqlEventStore(
        MySqlConnectionFactory connections,
        EventTypeRegistry registry,
        AppendSignal signal,
        EventStoreOptions options,
        ILogger<MySqlEventStore> logger,
        EventChatMetrics? metrics = null,
        IClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
        _registry = registry;
        Writer = new GroupCommitWriter(connections.ConnectionString, registry, signal, options, logger, metrics, clock);
    }

    public GroupCommitWriter Writer { get; }

    public Task<MultiStreamAppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Count == 0)
        {
            throw new ArgumentException("Append to at least one stream.", nameof(appends));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var prepared = new PreparedStream[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i] ?? throw new ArgumentException("A stream append is null.", nameof(appends));
            ValidateStream(append.Stream);
            if (!seen.Add(append.Stream.Id))
            {
                throw new ArgumentException($"Stream '{append.Stream.Id}' appears twice in one append.", nameof(appends));
            }

            ArgumentNullException.ThrowIfNull(append.Events);
            if (append.Events.Count == 0 && append.ExpectedVersion.IsAny)
            {
                throw new ArgumentException($"Stream '{append.Stream.Id}' has no events and no expected version: it asks nothing.", nameof(appends));
            }

            if (append.Events.Select(e => e.EventId).Distinct().Count() != append.Events.Count)
            {
                throw new ArgumentException("Each event of one stream's append needs its own id.", nameof(appends));
            }

            prepared[i] = new PreparedStream(append.Stream, append.ExpectedVersion, append.Events.Select(e => EventRows.Prepare(e, _registry)).ToArray());
        }

        if (prepared.All(p => p.Events.Length == 0))
        {
            throw new ArgumentException("Append at least one event.", nameof(appends));
        }

        return Writer.AppendAsync(new PendingAppend(prepared), cancellationToken);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        string streamId,
        long fromVersion,
        long? toVersion,
        DateTimeOffset? until,
        CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
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
            events.Add(EventRows.Read(reader, _registry, strict: true));
        }

        return events;
    }

    public async Task<StoredEvent?> ReadEventAsync(string streamId, Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // ix_es_events_event_id finds the id's rows (one per stream that holds it, almost always one).
        command.CommandText = $"SELECT {EventColumns} FROM es_events WHERE event_id = @id AND stream_id = @stream";
        command.Parameters.AddWithValue("@id", EventRows.ToBytes(eventId));
        command.Parameters.AddWithValue("@stream", streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? EventRows.Read(reader, _registry, strict: true) : null;
    }

    public async Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT version FROM es_streams WHERE stream_id = @stream", connection);
        command.Parameters.AddWithValue("@stream", streamId);
        var version = await command.ExecuteScalarAsync(cancellationToken);
        return version is null or DBNull ? 0 : Convert.ToInt64(version, CultureInfo.InvariantCulture);
    }

    public async Task<GlobalLogPage> ReadAllForwardAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // A plain consistent read: a position is committed only after every lower one (the writers'
        // head lock), so nothing below the last row read can still appear.
        command.CommandText = $"SELECT {EventColumns} FROM es_events WHERE position > @after ORDER BY position LIMIT @max";
        command.Parameters.AddWithValue("@after", afterPosition);
        command.Parameters.AddWithValue("@max", maxCount);

        var events = new List<StoredEvent>(Math.Min(maxCount, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(EventRows.Read(reader, _registry, strict: false));
        }

        return new GlobalLogPage(events, events.Count > 0 ? events[^1].Position : afterPosition);
    }

    public async Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT position FROM es_log_head WHERE id = 1", connection);
        var head = await command.ExecuteScalarAsync(cancellationToken);
        return head is null or DBNull ? 0 : Convert.ToInt64(head, CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => Writer.DisposeAsync();

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
}
