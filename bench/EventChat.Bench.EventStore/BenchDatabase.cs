using System.Globalization;
using EventChat.Infrastructure.Configuration;
using MySqlConnector;

namespace EventChat.Bench.EventStore;

/// <summary>
/// Where the benchmark writes. Preferred: its own database <c>{DB_NAME}_test_bench</c>, emptied at the start of
/// each run so that runs are comparable. The app user's grants cover only <c>{DB_NAME}</c>,
/// <c>{DB_NAME}_test</c> and <c>{DB_NAME}_test_%</c> (scripts/services.sh), so when it cannot create the
/// database the local server's password-less root is tried; when that fails too, the benchmark shares
/// <c>{DB_NAME}_test</c> with fresh stream ids and leaves its data alone.
/// </summary>
public sealed record BenchDatabase(string ConnectionString, string Name, string User, bool Dedicated, string How)
{
    public const string BaselineTable = "bench_baseline_rows";

    public static async Task<BenchDatabase> OpenAsync(EventChatSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        // {DB_NAME}_test_… is covered by the grant scripts/services.sh gives the app user.
        var name = settings.DbName + "_test_bench";
        var app = new MySqlConnectionStringBuilder(settings.MySqlConnectionString);

        var asApp = await TryCreateAsync(app, name, cancellationToken);
        if (asApp is null)
        {
            return new BenchDatabase(WithDatabase(app, name), name, app.UserID, Dedicated: true, $"own database, created by {app.UserID}");
        }

        log($"  {app.UserID} cannot create {name} ({asApp}); trying the local root account without a password");
        var root = new MySqlConnectionStringBuilder(app.ConnectionString) { UserID = "root", Password = string.Empty };
        var asRoot = await TryCreateAsync(root, name, cancellationToken);
        if (asRoot is null)
        {
            return new BenchDatabase(
                WithDatabase(root, name), name, "root", Dedicated: true,
                $"own database; {app.UserID} may not create {name}, so it is created and used as root (password-less on the local server)");
        }

        var shared = settings.DbName + "_test";
        log($"  root cannot create {name} either ({asRoot}); sharing {shared} with fresh stream ids");
        return new BenchDatabase(
            WithDatabase(app, shared), shared, app.UserID, Dedicated: false,
            $"shared test database (neither {app.UserID} nor root could create {name}); fresh stream ids, nothing truncated");
    }

    public async Task<MySqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Creates the baseline table (same columns as es_events, primary key only) and, in an own database, empties every table.</summary>
    public async Task PrepareTablesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"""
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
        await ExecuteAsync(connection, $"TRUNCATE TABLE {BaselineTable}", cancellationToken);
        if (Dedicated)
        {
            await ExecuteAsync(connection, "TRUNCATE TABLE es_events", cancellationToken);
            await ExecuteAsync(connection, "TRUNCATE TABLE es_streams", cancellationToken);
        }
    }

    public async Task<ServerInfo> ReadServerInfoAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(
            "SELECT VERSION(), @@innodb_flush_log_at_trx_commit, @@sync_binlog, @@log_bin, @@innodb_buffer_pool_size, " +
            "@@innodb_autoinc_lock_mode, @@innodb_flush_method, @@tx_isolation",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ServerInfo(
            Version: reader.GetString(0),
            InnodbFlushLogAtTrxCommit: Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
            SyncBinlog: Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
            BinaryLog: Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture) != 0,
            InnodbBufferPoolBytes: Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
            InnodbAutoincLockMode: Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
            InnodbFlushMethod: Convert.ToString(reader.GetValue(6), CultureInfo.InvariantCulture) ?? string.Empty,
            DefaultIsolation: Convert.ToString(reader.GetValue(7), CultureInfo.InvariantCulture) ?? string.Empty);
    }

    private static async Task<string?> TryCreateAsync(MySqlConnectionStringBuilder server, string name, CancellationToken cancellationToken)
    {
        try
        {
            var noDatabase = new MySqlConnectionStringBuilder(server.ConnectionString) { Database = string.Empty, Pooling = false };
            await using (var connection = new MySqlConnection(noDatabase.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await ExecuteAsync(connection, $"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", cancellationToken);
            }

            // Creating is not enough: the account must be able to use it (a pre-existing database may not be granted).
            await using (var check = new MySqlConnection(WithDatabase(server, name, pooling: false)))
            {
                await check.OpenAsync(cancellationToken);
            }

            return null;
        }
        catch (MySqlException ex)
        {
            return ex.Message;
        }
    }

    private static string WithDatabase(MySqlConnectionStringBuilder server, string name, bool pooling = true) =>
        new MySqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = pooling }.ConnectionString;

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
