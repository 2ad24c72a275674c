using EventChat.Infrastructure.Configuration;
using MySqlConnector;

namespace EventChat.Bench.Harness;

/// <summary>
/// The benchmarks' own database, <c>{DB_NAME}_bench</c>, so that a run never touches the run or test
/// databases. scripts/services.sh grants the app user only <c>{DB_NAME}</c> and <c>{DB_NAME}_test*</c>, so when
/// the app user may not create it, the local server's password-less root creates it and grants it to the app
/// user (the Api started by <c>make bench-api</c> connects as the app user).
/// </summary>
public sealed record BenchDatabase(string Name, string ConnectionString, string How)
{
    /// <summary>The bench database's name for these settings.</summary>
    public static string NameFor(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.DbName + "_bench";
    }

    public static async Task<BenchDatabase> OpenAsync(EventChatSettings settings, CancellationToken cancellationToken)
    {
        var name = NameFor(settings);
        var app = new MySqlConnectionStringBuilder(settings.MySqlConnectionString);
        var asApp = await TryCreateAsync(app, app, name, grantTo: null, cancellationToken);
        if (asApp is null)
        {
            return new BenchDatabase(name, WithDatabase(app, name), $"created or reused by {app.UserID}");
        }

        var root = new MySqlConnectionStringBuilder(app.ConnectionString) { UserID = "root", Password = string.Empty };
        var asRoot = await TryCreateAsync(root, app, name, grantTo: app.UserID, cancellationToken);
        return asRoot is null
            ? new BenchDatabase(name, WithDatabase(app, name), $"{app.UserID} may not create it ({asApp}); created by the local root and granted to {app.UserID}")
            : throw new InvalidOperationException(
                $"Cannot create the bench database {name}: as {app.UserID}: {asApp}; as root without a password: {asRoot}. " +
                $"Create it and grant it to {app.UserID}, then run again.");
    }

    public async Task<MySqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Drops every table, so that each run starts from the same empty schema (the database is the benchmarks' own).</summary>
    public async Task DropAllTablesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var tables = new List<string>();
        await using (var list = new MySqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var drop = new MySqlCommand($"DROP TABLE IF EXISTS `{table}`", connection);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(cancellationToken))!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> TryCreateAsync(MySqlConnectionStringBuilder server, MySqlConnectionStringBuilder app, string name, string? grantTo, CancellationToken cancellationToken)
    {
        try
        {
            var noDatabase = new MySqlConnectionStringBuilder(server.ConnectionString) { Database = string.Empty, Pooling = false };
            await using (var connection = new MySqlConnection(noDatabase.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await using var create = new MySqlCommand($"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                if (grantTo is not null)
                {
                    // To every host the app user exists for (127.0.0.1, localhost, %), as scripts/services.sh creates it.
                    await using var hosts = new MySqlCommand("SELECT Host FROM mysql.user WHERE User = @user", connection);
                    hosts.Parameters.AddWithValue("@user", grantTo);
                    var found = new List<string>();
                    await using (var reader = await hosts.ExecuteReaderAsync(cancellationToken))
                    {
                        while (await reader.ReadAsync(cancellationToken))
                        {
                            found.Add(reader.GetString(0));
                        }
                    }

                    foreach (var host in found)
                    {
                        await using var grant = new MySqlCommand(
                            $"GRANT ALL PRIVILEGES ON `{name}`.* TO '{grantTo.Replace("'", "''", StringComparison.Ordinal)}'@'{host.Replace("'", "''", StringComparison.Ordinal)}'",
                            connection);
                        await grant.ExecuteNonQueryAsync(cancellationToken);
                    }
                }
            }

            // Creating is not enough: the app user must be able to use it (a pre-existing database may not be granted).
            await using (var check = new MySqlConnection(WithDatabase(app, name, pooling: false)))
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
}
