using System.Globalization;
using MySqlConnector;

namespace EventChat.Bench.EventStore;

/// <summary>
/// A snapshot of server-wide status counters. Deltas over a measured window give statements, fsyncs and
/// row-lock waits per operation; they count every client of the server, so other work on it shows up too.
/// </summary>
public sealed record ServerCounters(long Questions, long Commits, long DataFsyncs, long LogWrites, long RowLockWaits, long RowLockTimeMs)
{
    private const string Query =
        "SHOW GLOBAL STATUS WHERE Variable_name IN " +
        "('Questions', 'Com_commit', 'Innodb_data_fsyncs', 'Innodb_log_writes', 'Innodb_row_lock_waits', 'Innodb_row_lock_time')";

    public static async Task<ServerCounters> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(Query, connection);
        var values = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values[reader.GetString(0)] = long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
        }

        return new ServerCounters(
            values.GetValueOrDefault("Questions"),
            values.GetValueOrDefault("Com_commit"),
            values.GetValueOrDefault("Innodb_data_fsyncs"),
            values.GetValueOrDefault("Innodb_log_writes"),
            values.GetValueOrDefault("Innodb_row_lock_waits"),
            values.GetValueOrDefault("Innodb_row_lock_time"));
    }

    public ServerCounters Minus(ServerCounters earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new ServerCounters(
            Questions - earlier.Questions,
            Commits - earlier.Commits,
            DataFsyncs - earlier.DataFsyncs,
            LogWrites - earlier.LogWrites,
            RowLockWaits - earlier.RowLockWaits,
            RowLockTimeMs - earlier.RowLockTimeMs);
    }
}
