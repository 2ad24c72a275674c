using MySqlConnector;

namespace EventChat.Infrastructure.EventStore;

/// <summary>Opens pooled connections to the MySQL-compatible database (MariaDB 10.11 or MySQL 8.4).</summary>
public sealed class MySqlConnectionFactory(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
