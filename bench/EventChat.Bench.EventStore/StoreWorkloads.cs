using System.Globalization;
using System.Text.Json;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Bench.Harness;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Infrastructure.EventStore;
using MySqlConnector;

namespace EventChat.Bench.EventStore;

/// <summary>The operations the event store scenarios repeat: appends, the raw-insert baseline, seeding, and page reads.</summary>
public sealed class StoreWorkloads(IEventStore store, BenchDatabase database, string runId)
{
    public const string BaselineTable = "bench_baseline_rows";
    private const string StreamType = "bench";
    private static readonly string StoredType = EventTypeRegistry.FormatStoredName(BenchSomethingHappened.StoredName, 1);

    /// <summary>The baseline's table: the columns and row size of es_events, a primary key only.</summary>
    public Task CreateBaselineTableAsync(CancellationToken cancellationToken) =>
        database.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS {BaselineTable} (
                id BIGINT NOT NULL AUTO_INCREMENT,
                row_id CHAR(36) NOT NULL,
                stream_id VARCHAR(150) NOT NULL,
                stream_version BIGINT NOT NULL,
                event_type VARCHAR(150) NOT NULL,
                data JSON NOT NULL,
                metadata JSON NOT NULL,
                created_at DATETIME(6) NOT NULL,
                PRIMARY KEY (id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """, cancellationToken);

    /// <summary>Appends of <paramref name="eventsPerAppend"/> events with <see cref="ExpectedVersion.Any"/>, cycling over this worker's share of <paramref name="streams"/>.</summary>
    public Operation Appends(WorkerContext worker, IReadOnlyList<StreamName> streams, int eventsPerAppend)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(streams);
        var mine = streams.Where((_, i) => i % worker.Concurrency == worker.Worker).DefaultIfEmpty(streams[worker.Worker % streams.Count]).ToArray();
        var id = worker.Worker;
        long appends = 0, sequence = 0;
        return async cancellationToken =>
        {
            var events = new EventToAppend[eventsPerAppend];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = EventToAppend.New(new BenchSomethingHappened(id, sequence++, BenchSomethingHappened.SampleText), Metadata(id));
            }

            await store.AppendAsync(mine[(int)(appends++ % mine.Length)], events, ExpectedVersion.Any, cancellationToken);
            return events.Length;
        };
    }

    /// <summary>
    /// The baseline: one autocommitted single-row INSERT per operation, the same row as an append writes, over a
    /// connection the worker holds: one round trip and one commit (with its fsync) per row, nothing else.
    /// </summary>
    public async Task<Operation> RawInsertsAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var connection = worker.Owns(await database.OpenConnectionAsync(cancellationToken));
        var insert = worker.Owns(new MySqlCommand(
            $"INSERT INTO {BaselineTable} (row_id, stream_id, stream_version, event_type, data, metadata, created_at) " +
            "VALUES (@rowId, @stream, @version, @type, @data, @metadata, UTC_TIMESTAMP(6))",
            connection));
        var rowId = insert.Parameters.AddWithValue("@rowId", string.Empty);
        insert.Parameters.AddWithValue("@stream", Stream($"raw-c{worker.Concurrency}", worker.Worker).ToString());
        var version = insert.Parameters.AddWithValue("@version", 0L);
        insert.Parameters.AddWithValue("@type", StoredType);
        var data = insert.Parameters.AddWithValue("@data", string.Empty);
        var metadata = insert.Parameters.AddWithValue("@metadata", string.Empty);
        var id = worker.Worker;
        long sequence = 0;
        return async token =>
        {
            sequence++;
            rowId.Value = Guid.CreateVersion7().ToString("D");
            version.Value = sequence;
            data.Value = EventTypeRegistry.Serialize(new BenchSomethingHappened(id, sequence, BenchSomethingHappened.SampleText));
            metadata.Value = MetadataJson(id);
            await insert.ExecuteNonQueryAsync(token);
            return 1;
        };
    }

    /// <summary>
    /// Seeding the log in appends of 100 events: three appends in four are benchmark events on the worker's 100
    /// streams, the fourth registers 50 users and changes their profiles (so a quarter of the log is what the users
    /// projection applies, the rest it reads and skips, as in a log dominated by messages).
    /// </summary>
    public Operation Seed(WorkerContext worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var streams = Enumerable.Range(0, 100).Select(i => Stream($"seed-w{worker.Worker}", i)).ToArray();
        var id = worker.Worker;
        long appends = 0, sequence = 0;
        return async cancellationToken =>
        {
            var n = appends++;
            EventToAppend[] events;
            StreamName stream;
            if (n % 4 == 3)
            {
                var now = DateTimeOffset.UtcNow;
                var users = Enumerable.Range(0, 50).Select(_ => Guid.CreateVersion7()).ToArray();
                events = users.Select(u => EventToAppend.New(new UserRegistered(u, Name("user", u), Name("user", u) + "@bench.invalid", "Bench user", PasswordSchemes.BCrypt, "not-a-hash", now), Metadata(id)))
                    .Concat(users.Select(u => EventToAppend.New(new UserProfileChanged(u, "Renamed bench user", "A bio.", null, now), Metadata(id))))
                    .ToArray();
                stream = Stream($"seed-users-w{id}", (int)n);
            }
            else
            {
                events = Enumerable.Range(0, 100)
                    .Select(_ => EventToAppend.New(new BenchSomethingHappened(id, sequence++, BenchSomethingHappened.SampleText), Metadata(id)))
                    .ToArray();
                stream = streams[(int)(n % streams.Length)];
            }

            await store.AppendAsync(stream, events, ExpectedVersion.Any, cancellationToken);
            return events.Length;
        };
    }

    /// <summary>Pages of the global log through the store, from 0 up to <paramref name="head"/>, then from 0 again.</summary>
    public Operation StorePages(int pageSize, long head)
    {
        long after = 0;
        return async cancellationToken =>
        {
            if (after >= head)
            {
                after = 0;
            }

            var page = await store.ReadAllForwardAsync(after, pageSize, cancellationToken);
            after = page.NextPosition;
            return page.Events.Count;
        };
    }

    /// <summary>
    /// The read baseline: the same columns of the same rows straight through MySqlConnector on a held connection,
    /// without the store's locking, deserialization or upcasting.
    /// </summary>
    public async Task<Operation> RawPagesAsync(WorkerContext worker, int pageSize, long head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var connection = worker.Owns(await database.OpenConnectionAsync(cancellationToken));
        var select = worker.Owns(new MySqlCommand(
            "SELECT position, event_id, stream_id, stream_version, event_type, data, metadata, created_at " +
            "FROM es_events WHERE position > @after ORDER BY position LIMIT @max",
            connection));
        var afterParameter = select.Parameters.AddWithValue("@after", 0L);
        select.Parameters.AddWithValue("@max", pageSize);
        long after = 0;
        return async token =>
        {
            if (after >= head)
            {
                after = 0;
            }

            afterParameter.Value = after;
            var count = 0;
            await using var reader = await select.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                after = reader.GetInt64(0);
                _ = reader.GetGuid(1);
                _ = reader.GetString(2);
                _ = reader.GetInt64(3);
                _ = reader.GetString(4);
                _ = reader.GetString(5);
                _ = reader.GetString(6);
                _ = reader.GetDateTime(7);
                count++;
            }

            if (count == 0)
            {
                after = head;
            }

            return count;
        };
    }

    public StreamName[] Streams(string scenario, int count) =>
        Enumerable.Range(0, count).Select(i => Stream(scenario, i)).ToArray();

    private StreamName Stream(string scenario, int i) =>
        new(StreamType, string.Create(CultureInfo.InvariantCulture, $"bench-{runId}-{scenario}-{i:000}"));

    private static string Name(string prefix, Guid id) => prefix + id.ToString("N")[^12..];

    /// <summary>Metadata as a command handler passes it: a user and a fresh correlation id.</summary>
    private static EventMetadata Metadata(int worker) =>
        new(string.Create(CultureInfo.InvariantCulture, $"bench-user-{worker:000}"), Guid.CreateVersion7().ToString("D"), CausationId: null);

    /// <summary>The metadata JSON the store writes for <see cref="Metadata"/> (same fields, same size).</summary>
    private static string MetadataJson(int worker)
    {
        var m = Metadata(worker);
        return JsonSerializer.Serialize(new { m.UserId, m.CorrelationId, m.CausationId, m.ClientIp, m.UserAgent, SchemaVersion = 1 }, EventTypeRegistry.JsonOptions);
    }
}
