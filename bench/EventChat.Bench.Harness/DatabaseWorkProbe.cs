using System.Globalization;
using MySqlConnector;

namespace EventChat.Bench.Harness;

/// <summary>
/// What the database does per 100 events appended inside a level's window: statements received (<c>Questions</c>) and
/// rows written by its storage handlers (<c>Handler_write</c> + <c>Handler_update</c>: inserts and updates, temporary
/// tables included; MariaDB has no <c>Innodb_rows_*</c> counters), from the server's global counters, against the growth
/// of the event log. Unlike CPU time or throughput these counts do not move with the host's speed, so two builds
/// can be told apart by them where messages/s swing by a fifth from run to run. The counters are the whole server's:
/// nothing else should use the database while a benchmark runs. Sampled every <see cref="SampleInterval"/>; the samples
/// nearest inside the window are compared.
/// </summary>
public sealed class DatabaseWorkProbe(string connectionString) : ILevelProbe
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(500);
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _sampling;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sampling = Task.Run(() => SampleAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyDictionary<string, double>> StopAsync(MeasuredWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        await _stop.CancelAsync();
        await _sampling!;
        var inside = _samples.Where(s => window.Contains(s.AtUtc)).ToList();
        if (inside.Count < 2 || inside[^1].Head == inside[0].Head)
        {
            return new Dictionary<string, double>();
        }

        double events = inside[^1].Head - inside[0].Head;
        return new Dictionary<string, double>
        {
            ["db statements/100 events"] = 100 * (inside[^1].Statements - inside[0].Statements) / events,
            ["db row writes/100 events"] = 100 * (inside[^1].RowsWritten - inside[0].RowsWritten) / events,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_sampling is not null)
        {
            await _sampling;
        }

        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var status = new MySqlCommand(
            "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Handler_write', 'Handler_update')", connection);
        await using var head = new MySqlCommand("SELECT position FROM es_log_head WHERE id = 1", connection);
        while (!stop.IsCancellationRequested)
        {
            long statements = 0, rowsWritten = 0;
            await using (var reader = await status.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var value = long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
                    if (reader.GetString(0).Equals("Questions", StringComparison.OrdinalIgnoreCase))
                    {
                        statements = value;
                    }
                    else
                    {
                        rowsWritten += value;
                    }
                }
            }

            var position = Convert.ToInt64(await head.ExecuteScalarAsync(CancellationToken.None), CultureInfo.InvariantCulture);
            _samples.Add(new Sample(DateTime.UtcNow, statements, rowsWritten, position));
            try
            {
                await Task.Delay(SampleInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed record Sample(DateTime AtUtc, long Statements, long RowsWritten, long Head);
}
