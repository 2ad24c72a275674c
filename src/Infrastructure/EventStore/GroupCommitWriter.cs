using System.Threading.Channels;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.Infrastructure.Observability;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// The one write path of the event store in a process. Appends are queued; a single loop takes all
/// that are waiting (up to a limit) and writes them in one transaction of two round trips on its own
/// connection:
/// <list type="number">
/// <item>lock the log head row, read the versions of the batch's streams and any stored events with the batch's ids;</item>
/// <item>insert the accepted events with positions head+1, head+2, …, move the streams and the head, COMMIT.</item>
/// </list>
/// Every writer in every process takes the head row lock first and holds it to COMMIT, so positions
/// become visible strictly in order (a reader of <c>position &gt; checkpoint</c> can never skip one) and
/// there is one lock, taken in one order: writers cannot deadlock. Each request in a batch is decided
/// on its own, in queue order (expected versions, idempotency); one refused request never fails the
/// others, and every result is released only after COMMIT.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    private const string EventColumns = "position, event_id, stream_id, stream_version, event_type, data, metadata, created_at";

    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly EventTypeRegistry _registry;
    private readonly AppendSignal _signal;
    private readonly EventStoreOptions _options;

    // The events' timestamps come from the application's clock, the one that stamps the payloads' own times, so that
    // time travel (a state "as it stood at" an instant) agrees with them, and tests can set it.
    private readonly IClock? _clock;
    private readonly ILogger _logger;
    private readonly EventChatMetrics? _metrics;
    private readonly Task _loop;
    private MySqlConnection? _connection;
    private long _batches;
    private long _batchedEvents;

    public GroupCommitWriter(
        string connectionString, EventTypeRegistry registry, AppendSignal signal, EventStoreOptions options, ILogger logger, EventChatMetrics? metrics = null, IClock? clock = null)
    {
        _clock = clock;
        // Its own unpooled connection: held for the life of the writer, with its session settings
        // made once, never reset between appends.
        _connectionString = new MySqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        _registry = registry;
        _signal = signal;
        _options = options;
        _logger = logger;
        _metrics = metrics;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Fault injection for tests: runs after a batch's rows are inserted and before its COMMIT.</summary>
    public Func<Task>? BeforeCommit { get; set; }

    /// <summary>The server's id of the writer's connection (for tests that watch it wait on the head lock).</summary>
    public int? ServerThreadId => _connection?.ServerThread;

    /// <summary>Transactions committed and events written by this writer (for benchmarks and metrics).</summary>
    public (long Batches, long Events) Counters => (Interlocked.Read(ref _batches), Interlocked.Read(ref _batchedEvents));

    public Task<MultiStreamAppendResult> AppendAsync(PendingAppend append, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(append);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(append), this);

        // A caller that gives up does not take its append back: once queued it commits or not as a
        // whole, and an idempotent retry is answered with the original.
        return append.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingAppend>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var events = 0;
            long bytes = 0;
            while (events < _options.MaxBatchEvents && bytes < _options.MaxBatchBytes && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                events += next.EventCount;
                bytes += next.PayloadBytes;
            }

            await WriteWithRetriesAsync(batch).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes a batch, retrying failures (the database restarting, a lock wait timeout) with backoff.
    /// A retry is safe whether or not a lost COMMIT went through: the retry finds the event ids stored
    /// and answers with the originals. A failure that persists is split off request by request, so one
    /// request the database refuses fails alone.
    /// </summary>
    private async Task WriteWithRetriesAsync(List<PendingAppend> batch)
    {
        var delay = _options.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcomes = await WriteBatchAsync(batch).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    outcomes[i].Deliver(batch[i].Completion);
                }

                return;
            }
#pragma warning disable CA1031 // Every failure is handed to the waiting callers; the loop must survive it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                await DropConnectionAsync().ConfigureAwait(false);
                if (batch.Count > 1 && attempt >= 2)
                {
                    _logger.LogWarning(ex, "A batch of {Count} appends failed twice; writing them one by one", batch.Count);
                    foreach (var single in batch)
                    {
                        await WriteWithRetriesAsync([single]).ConfigureAwait(false);
                    }

                    return;
                }

                if (attempt >= _options.MaxWriteAttempts)
                {
                    _logger.LogError(ex, "Append failed after {Attempts} attempts", attempt);
                    _metrics?.AppendsFinished("failed", batch.Count);
                    foreach (var append in batch)
                    {
                        append.Completion.TrySetException(ex);
                    }

                    return;
                }

                _logger.LogWarning(ex, "Append batch failed (attempt {Attempt}); retrying in {Delay}", attempt, delay);
                await Task.Delay(delay).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task<MySqlConnection> ConnectionAsync()
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }

        await DropConnectionAsync().ConfigureAwait(false);
        var connection = new MySqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var setup = new MySqlCommand(
                "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED; SET SESSION innodb_lock_wait_timeout = @wait",
                connection);
            setup.Parameters.AddWithValue("@wait", (int)_options.LockWaitTimeout.TotalSeconds);
            await setup.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _connection = connection;
        return connection;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MySqlException or InvalidOperationException or IOException)
        {
            // Closing a broken connection: the server rolls back whatever it held.
        }

        _connection = null;
    }

    private async Task<Outcome[]> WriteBatchAsync(List<PendingAppend> batch)
    {
        var connection = await ConnectionAsync().ConfigureAwait(false);
        var state = await LockAndReadAsync(connection, batch).ConfigureAwait(false);

        var now = Truncate(_clock?.UtcNow.UtcDateTime ?? DateTime.UtcNow);
        var plan = new BatchPlan(state.Head, now);
        var outcomes = new Outcome[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            outcomes[i] = Decide(batch[i], state, plan);
        }

        await WriteAndCommitAsync(connection, plan).ConfigureAwait(false);
        if (_metrics is not null)
        {
            var committed = outcomes.Count(o => o.Result is { WasDuplicate: false });
            _metrics.AppendsFinished("committed", committed);
            _metrics.AppendsFinished("idempotent", outcomes.Count(o => o.Result is { WasDuplicate: true }));
            _metrics.AppendsFinished("conflict", outcomes.Count(o => o.Error is not null));
            if (plan.Rows.Count > 0)
            {
                _metrics.BatchCommitted(committed, plan.Rows.Select(r => r.Event.EventType));
            }
        }

        if (plan.Rows.Count > 0)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _batchedEvents, plan.Rows.Count);
            try
            {
                _signal.NotifyLocal(plan.Position, plan.Rows.ConvertAll(r => r.Event));
            }
#pragma warning disable CA1031 // The batch has committed: a failing listener must not turn it into a retry.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogWarning(ex, "An append listener failed after position {Position} committed", plan.Position);
            }
        }

        return outcomes;
    }

    /// <summary>Round trip 1: take the head lock (held to COMMIT), then read what the decisions need.</summary>
    private async Task<BatchState> LockAndReadAsync(MySqlConnection connection, List<PendingAppend> batch)
    {
        var sql = new PositionalSql().Append("START TRANSACTION; SELECT position FROM es_log_head WHERE id = 1 FOR UPDATE;");

        var streamIds = new HashSet<string>(StringComparer.Ordinal);
        var eventIds = new HashSet<Guid>();
        foreach (var append in batch)
        {
            foreach (var stream in append.Streams)
            {
                streamIds.Add(stream.Stream.Id);
                foreach (var e in stream.Events)
                {
                    eventIds.Add(e.EventId);
                }
            }
        }

        sql.Append("SELECT stream_id, version FROM es_streams WHERE stream_id IN (").Values(streamIds).Append(");");
        if (eventIds.Count > 0)
        {
            sql.Append($"SELECT {EventColumns} FROM es_events WHERE event_id IN (").Values(eventIds.Select(EventRows.ToBytes)).Append(");");
        }

        await using var command = sql.CreateCommand(connection);
        var state = new BatchState();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            throw new InvalidOperationException("The es_log_head row is missing: the event store schema is not migrated.");
        }

        state.Head = reader.GetInt64(0);
        await reader.NextResultAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            state.Versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        if (eventIds.Count > 0)
        {
            await reader.NextResultAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var stored = EventRows.Read(reader, _registry, strict: false);
                state.Stored[(stored.StreamId, stored.EventId)] = stored;
            }
        }

        return state;
    }

    /// <summary>Decides one request against the stored state and the batch's earlier requests.</summary>
    private static Outcome Decide(PendingAppend append, BatchState state, BatchPlan plan)
    {
        // Idempotency first: an exact repeat is answered with the original even though the stream has
        // moved past the version the original expected.
        var total = 0;
        var repeated = new List<StoredEvent>();
        foreach (var stream in append.Streams)
        {
            foreach (var e in stream.Events)
            {
                total++;
                var key = (stream.Stream.Id, e.EventId);
                if (plan.Written.TryGetValue(key, out var earlier) || state.Stored.TryGetValue(key, out earlier))
                {
                    if (!EventRows.SameContent(earlier, e))
                    {
                        return Outcome.Failed(new EventIdConflictException(stream.Stream.Id, e.EventId, "is stored already with other content"));
                    }

                    repeated.Add(earlier);
                }
            }
        }

        if (repeated.Count > 0 && repeated.Count < total)
        {
            return Outcome.Failed(new EventIdConflictException(
                repeated[0].StreamId, repeated[0].EventId, "is stored already, but other events of the same append are not: repeat all of it"));
        }

        if (total > 0 && repeated.Count == total)
        {
            var results = append.Streams.Select(s =>
            {
                var originals = repeated.Where(r => r.StreamId == s.Stream.Id).OrderBy(r => r.StreamVersion).ToArray();
                return originals.Length == 0
                    ? new AppendResult(s.Stream.Id, plan.VersionOf(s.Stream.Id, state), 0, true, [])
                    : new AppendResult(s.Stream.Id, originals[^1].StreamVersion, originals[^1].Position, true, originals);
            }).ToArray();
            return Outcome.Succeeded(new MultiStreamAppendResult(results, repeated.Max(r => r.Position), true));
        }

        foreach (var stream in append.Streams)
        {
            var current = plan.VersionOf(stream.Stream.Id, state);
            if (!stream.ExpectedVersion.IsAny && stream.ExpectedVersion.Value != current)
            {
                return Outcome.Failed(new WrongExpectedVersionException(stream.Stream.Id, stream.ExpectedVersion, current));
            }
        }

        var streamResults = new AppendResult[append.Streams.Length];
        for (var s = 0; s < append.Streams.Length; s++)
        {
            var stream = append.Streams[s];
            var version = plan.VersionOf(stream.Stream.Id, state);
            var written = new StoredEvent[stream.Events.Length];
            for (var i = 0; i < written.Length; i++)
            {
                var e = stream.Events[i];
                written[i] = new StoredEvent(
                    ++plan.Position, e.EventId, stream.Stream.Id, ++version, e.StoredName, e.SchemaVersion, e.Data, e.DataJson, e.Metadata,
                    new DateTimeOffset(plan.Now, TimeSpan.Zero));
                plan.Rows.Add(new EventRow(written[i], e.MetadataJson));
                plan.Written[(stream.Stream.Id, e.EventId)] = written[i];
            }

            if (written.Length > 0)
            {
                plan.MoveStream(stream.Stream, version, state);
            }

            streamResults[s] = new AppendResult(stream.Stream.Id, version, written.Length > 0 ? written[^1].Position : 0, false, written);
        }

        return Outcome.Succeeded(new MultiStreamAppendResult(streamResults, plan.Position, false));
    }

    /// <summary>Round trip 2: the rows, the streams' versions, the head, COMMIT (or ROLLBACK when nothing was accepted).</summary>
    private async Task WriteAndCommitAsync(MySqlConnection connection, BatchPlan plan)
    {
        if (plan.Rows.Count == 0)
        {
            await using var rollback = new MySqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
            return;
        }

        var sql = new PositionalSql();
        if (plan.NewStreams.Count > 0)
        {
            sql.Append("INSERT INTO es_streams (stream_id, stream_type, version, created_at, updated_at) VALUES ");
            var n = 0;
            foreach (var (streamId, type) in plan.NewStreams)
            {
                sql.Append(n++ == 0 ? "(" : ",(").Value(streamId).Append(',').Value(type).Append(',').Value(plan.FinalVersions[streamId])
                    .Append(',').Value(plan.Now).Append(',').Value(plan.Now).Append(')');
            }

            sql.Append(';');
        }

        if (plan.MovedStreams.Count > 0)
        {
            sql.Append("UPDATE es_streams SET version = CASE stream_id");
            foreach (var streamId in plan.MovedStreams.Keys)
            {
                sql.Append(" WHEN ").Value(streamId).Append(" THEN ").Value(plan.FinalVersions[streamId]);
            }

            sql.Append(" END, updated_at = ").Value(plan.Now).Append(" WHERE stream_id IN (").Values(plan.MovedStreams.Keys).Append(");");
        }

        sql.Append($"INSERT INTO es_events ({EventColumns}) VALUES ");
        for (var i = 0; i < plan.Rows.Count; i++)
        {
            var row = plan.Rows[i];
            var e = row.Event;
            sql.Append(i == 0 ? "(" : ",(").Value(e.Position).Append(',').Value(EventRows.ToBytes(e.EventId)).Append(',').Value(e.StreamId)
                .Append(',').Value(e.StreamVersion).Append(',').Value(e.EventType).Append(',').Value(e.DataJson).Append(',').Value(row.MetadataJson)
                .Append(',').Value(plan.Now).Append(')');
        }

        sql.Append(";UPDATE es_log_head SET position = ").Value(plan.Position).Append(" WHERE id = 1;");

        var beforeCommit = BeforeCommit;
        if (beforeCommit is null)
        {
            sql.Append("COMMIT;");
        }

        await using var command = sql.CreateCommand(connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        if (beforeCommit is not null)
        {
            await beforeCommit().ConfigureAwait(false);
            await using var commit = new MySqlCommand("COMMIT", connection);
            await commit.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private static DateTime Truncate(DateTime value) => new(value.Ticks - (value.Ticks % 10), DateTimeKind.Utc);

    /// <summary>What round trip 1 read: the head, the streams' versions, the stored events with the batch's ids.</summary>
    private sealed class BatchState
    {
        public long Head { get; set; }

        public Dictionary<string, long> Versions { get; } = new(StringComparer.Ordinal);

        public Dictionary<(string StreamId, Guid EventId), StoredEvent> Stored { get; } = [];
    }

    /// <summary>The batch as decided so far: rows to insert, streams to create or move, the next position.</summary>
    private sealed class BatchPlan(long head, DateTime now)
    {
        public long Position { get; set; } = head;

        public DateTime Now { get; } = now;

        public List<EventRow> Rows { get; } = [];

        public Dictionary<(string StreamId, Guid EventId), StoredEvent> Written { get; } = [];

        public Dictionary<string, string> NewStreams { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, bool> MovedStreams { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> FinalVersions { get; } = new(StringComparer.Ordinal);

        public long VersionOf(string streamId, BatchState state) =>
            FinalVersions.TryGetValue(streamId, out var version) ? version : state.Versions.GetValueOrDefault(streamId);

        public void MoveStream(StreamName stream, long version, BatchState state)
        {
            FinalVersions[stream.Id] = version;
            if (state.Versions.ContainsKey(stream.Id))
            {
                MovedStreams[stream.Id] = true;
            }
            else
            {
                NewStreams[stream.Id] = stream.Type;
            }
        }
    }

    private sealed record EventRow(StoredEvent Event, string MetadataJson);

    private readonly record struct Outcome(MultiStreamAppendResult? Result, Exception? Error)
    {
        public static Outcome Succeeded(MultiStreamAppendResult result) => new(result, null);

        public static Outcome Failed(Exception error) => new(null, error);

        public void Deliver(TaskCompletionSource<MultiStreamAppendResult> completion)
        {
            if (Error is not null)
            {
                completion.TrySetException(Error);
            }
            else
            {
                completion.TrySetResult(Result!);
            }
        }
    }
}
