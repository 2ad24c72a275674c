using System.Diagnostics;
using System.Globalization;
using EventChat.Application.Abstractions.EventStore;
using MySqlConnector;

namespace EventChat.Bench.EventStore;

/// <summary>
/// Reads the whole global log forward from position 0, page by page: through the store
/// (<see cref="IEventStore.ReadAllForwardAsync"/>: gap-safe locking read plus deserialization), or with the
/// store's SQL sent raw, with and without its <c>LOCK IN SHARE MODE</c>, to split the cost.
/// </summary>
public sealed class GlobalLogReader(IEventStore store, BenchDatabase database, Action<string> log)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    public enum Mode
    {
        Store,
        RawLocking,
        RawPlain,
    }

    public async Task<ReadResult> MeasureAsync(string label, Mode mode, int batchSize, int passes, CancellationToken cancellationToken)
    {
        var rates = new List<double>();
        var pageTicks = new List<long>();
        long events = 0, pages = 0;
        var passSeconds = new List<double>();
        for (var pass = 1; pass <= passes; pass++)
        {
            var (passEvents, passPages, seconds) = await ReadAllAsync(label, mode, batchSize, pageTicks, cancellationToken);
            rates.Add(passEvents / seconds);
            passSeconds.Add(seconds);
            (events, pages) = (passEvents, passPages);
            log(string.Create(CultureInfo.InvariantCulture, $"  {label}, pass {pass}: {passEvents:N0} events in {seconds:0.00} s = {passEvents / seconds:N0} events/s"));
        }

        pageTicks.Sort();
        return new ReadResult(label, batchSize, events, pages, passSeconds.Average(), PercentileMs(pageTicks, 0.50), PercentileMs(pageTicks, 0.99), rates);
    }

    /// <summary>One pass from position 0 to the end of the log.</summary>
    public async Task<(long Events, long Pages, double Seconds)> ReadAllAsync(
        string label, Mode mode, int batchSize, List<long>? pageTicks, CancellationToken cancellationToken)
    {
        long after = 0, events = 0, pages = 0;
        var started = Stopwatch.GetTimestamp();
        var nextProgress = started + (long)(ProgressInterval.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var pageStarted = Stopwatch.GetTimestamp();
            var (count, next, waitingOnGap) = mode == Mode.Store
                ? await ReadStorePageAsync(after, batchSize, cancellationToken)
                : await ReadRawPageAsync(after, batchSize, mode == Mode.RawLocking, cancellationToken);
            pageTicks?.Add(Stopwatch.GetTimestamp() - pageStarted);
            if (count == 0)
            {
                if (waitingOnGap)
                {
                    // A gap younger than the store's AbandonedGapAge: the run waits for that age before reading,
                    // so this only happens when something else is appending. Retry, as a tailing reader would.
                    await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
                    continue;
                }

                break;
            }

            events += count;
            pages++;
            after = next;
            if (Stopwatch.GetTimestamp() > nextProgress)
            {
                log(string.Create(CultureInfo.InvariantCulture, $"  {label}: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, {events:N0} events"));
                nextProgress += (long)(ProgressInterval.TotalSeconds * Stopwatch.Frequency);
            }
        }

        return (events, pages, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private async Task<(int Count, long Next, bool WaitingOnGap)> ReadStorePageAsync(long after, int batchSize, CancellationToken cancellationToken)
    {
        var page = await store.ReadAllForwardAsync(after, batchSize, cancellationToken);
        return (page.Events.Count, page.NextPosition, false);
    }

    /// <summary>The store's SQL with every column read as the store reads it, without deserializing JSON; gaps are not checked.</summary>
    private async Task<(int Count, long Next, bool WaitingOnGap)> ReadRawPageAsync(long after, int batchSize, bool locking, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SET TRANSACTION ISOLATION LEVEL READ COMMITTED;" +
            "SELECT position, event_id, stream_id, stream_version, event_type, data, metadata, created_at, " +
            "TIMESTAMPDIFF(MICROSECOND, created_at, UTC_TIMESTAMP(6)) AS age_us " +
            "FROM es_events WHERE position > @after ORDER BY position LIMIT @max" +
            (locking ? " LOCK IN SHARE MODE" : string.Empty);
        command.Parameters.AddWithValue("@after", after);
        command.Parameters.AddWithValue("@max", batchSize);
        var count = 0;
        var last = after;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            last = reader.GetInt64(0);
            _ = reader.GetGuid(1);
            _ = reader.GetString(2);
            _ = reader.GetInt64(3);
            _ = reader.GetString(4);
            _ = reader.GetString(5);
            _ = reader.GetString(6);
            _ = reader.GetDateTime(7);
            _ = reader.GetInt64(8);
            count++;
        }

        return (count, last, false);
    }

    private static double PercentileMs(List<long> sortedTicks, double quantile)
    {
        if (sortedTicks.Count == 0)
        {
            return 0;
        }

        var index = Math.Clamp((int)Math.Ceiling(quantile * sortedTicks.Count) - 1, 0, sortedTicks.Count - 1);
        return sortedTicks[index] * 1000.0 / Stopwatch.Frequency;
    }
}
