using System.Diagnostics;
using EventChat.Bench.Harness;
using MySqlConnector;

namespace EventChat.Bench.Messages;

/// <summary>
/// Projection lag, commit to read model, for each message of a level: the checkpoints of the conversation projections
/// are polled every <see cref="PollInterval"/>, and a message counts as visible at the first poll that finds every
/// one of them at or past its position. Lag = that poll's time minus the event's <c>created_at</c> (set by the writer
/// just before its commit), so it is over-stated by at most one poll interval. After the level's last send the probe
/// waits for the projections to reach the head, so every message of the level is measured. Only messages committed inside
/// the level's measuring window count (the warm-up's do not).
/// </summary>
public sealed class ProjectionLagProbe(string connectionString, IReadOnlyList<string> projections) : ILevelProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromMinutes(2);
    // Each poll: when, the lowest checkpoint of the projections, and each projection's own (in the order of the list).
    private readonly List<(DateTime At, long Position, long[] Each)> _polls = [];
    private readonly CancellationTokenSource _stop = new();
    private long _fromPosition;
    private Task? _polling;
    private MySqlConnection? _connection;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection = new MySqlConnection(connectionString);
        await _connection.OpenAsync(cancellationToken);
        _fromPosition = await HeadAsync(cancellationToken);
        _polling = Task.Run(() => PollAsync(_stop.Token), CancellationToken.None);
    }

    public async Task<IReadOnlyDictionary<string, double>> StopAsync(MeasuredWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var to = await HeadAsync(cancellationToken);
        var waited = Stopwatch.StartNew();
        while (LastPolledPosition() < to && waited.Elapsed < CatchUpLimit)
        {
            await Task.Delay(PollInterval, cancellationToken);
        }

        await _stop.CancelAsync();
        await _polling!;

        // The messages committed inside the measuring window: the warm-up's first ones met code not yet compiled and
        // empty caches (the users projection's first batch took 3 s), which gave the first level of every run a lag max
        // of 500–1,500 ms that the level itself never had.
        var created = (await MessagesAsync(_fromPosition, to, cancellationToken)).Where(m => window.Contains(m.CreatedAt)).ToList();
        var lags = Lags(created, poll => poll.Position);
        lags.Sort();
        // The longest time between two polls: a lag spike with a poll gap as long is the probe's own stall (its
        // process was not scheduled), not the projections'.
        var longestPollGap = _polls.Zip(_polls.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds).DefaultIfEmpty(0).Max();
        var result = new Dictionary<string, double>
        {
            ["lag p50 ms"] = Percentile(lags, 0.50),
            ["lag p99 ms"] = Percentile(lags, 0.99),
            ["lag max ms"] = lags.Count == 0 ? 0 : lags[^1],
            ["longest poll gap ms"] = longestPollGap,
            ["not projected"] = created.Count - lags.Count,
        };
        // Which projection a spike came from: each one's own worst lag.
        for (var i = 0; i < projections.Count; i++)
        {
            var index = i;
            var own = Lags(created, poll => poll.Each[index]);
            result[$"lag max ms {projections[i]}"] = own.Count == 0 ? 0 : own.Max();
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_polling is not null)
        {
            await _polling;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _stop.Dispose();
    }

    private long LastPolledPosition()
    {
        lock (_polls)
        {
            return _polls.Count == 0 ? 0 : _polls[^1].Position;
        }
    }

    private async Task PollAsync(CancellationToken stop)
    {
        await using var command = new MySqlCommand(
            $"SELECT name, position FROM es_projection_checkpoints WHERE name IN ({string.Join(',', projections.Select(p => $"'{p}'"))})", _connection);
        while (!stop.IsCancellationRequested)
        {
            var each = new long[projections.Count];
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var index = projections.ToList().IndexOf(reader.GetString(0));
                    if (index >= 0)
                    {
                        each[index] = reader.GetInt64(1);
                    }
                }
            }

            lock (_polls)
            {
                _polls.Add((DateTime.UtcNow, each.Min(), each));
            }

            try
            {
                await Task.Delay(PollInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT position FROM es_log_head WHERE id = 1", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<(long Position, DateTime CreatedAt)>> MessagesAsync(long from, long to, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(
            "SELECT position, created_at FROM es_events WHERE position > @from AND position <= @to AND event_type LIKE 'conversation.message-sent%' ORDER BY position",
            connection);
        command.Parameters.AddWithValue("@from", from);
        command.Parameters.AddWithValue("@to", to);
        var rows = new List<(long, DateTime)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt64(0), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)));
        }

        return rows;
    }

    // Each message's lag to the first poll at or past it (polls and messages both in position order: one pass).
    private List<double> Lags(List<(long Position, DateTime CreatedAt)> created, Func<(DateTime At, long Position, long[] Each), long> positionOf)
    {
        var lags = new List<double>(created.Count);
        var poll = 0;
        foreach (var (position, createdAt) in created)
        {
            while (poll < _polls.Count && positionOf(_polls[poll]) < position)
            {
                poll++;
            }

            if (poll < _polls.Count)
            {
                lags.Add(Math.Max(0, (_polls[poll].At - createdAt).TotalMilliseconds));
            }
        }

        return lags;
    }

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
