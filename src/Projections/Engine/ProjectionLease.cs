using System.Globalization;
using EventChat.Infrastructure.EventStore;
using MySqlConnector;

namespace EventChat.Projections.Engine;

/// <summary>
/// One active instance per projection: a MySQL named lock (GET_LOCK) held on a dedicated connection,
/// named after the database (lock names are server-wide). If the owning process dies its connection
/// closes and the server releases the lock, so a standby takes over without any timeout to tune. The
/// checkpoint update is fenced as well (see <see cref="ProjectionCheckpoints.AdvanceAsync"/>), so even
/// a half-dead owner cannot double-apply.
/// </summary>
public sealed class ProjectionLease : IAsyncDisposable
{
    private readonly MySqlConnection _connection;

    private ProjectionLease(MySqlConnection connection, string lockName)
    {
        _connection = connection;
        LockName = lockName;
    }

    public string LockName { get; }

    public static string LockNameFor(string database, string projectionName) => DatabaseLockName.For(database, "projection." + projectionName);

    /// <summary>Takes the lease, waiting up to <paramref name="wait"/>; null when another instance holds it.</summary>
    public static async Task<ProjectionLease?> TryAcquireAsync(
        MySqlConnectionFactory connections, string projectionName, CancellationToken cancellationToken, TimeSpan wait = default)
    {
        ArgumentNullException.ThrowIfNull(connections);

        // Not pooled: the lock must die with this connection, never return to a pool with it held.
        var builder = new MySqlConnectionStringBuilder(connections.ConnectionString) { Pooling = false };
        var lockName = LockNameFor(builder.Database, projectionName);
        var connection = new MySqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // A short idle timeout bounds failover when the owner's host vanishes without closing the
            // connection: the active owner checks its lease every few seconds, so it never idles that long.
            await using var command = new MySqlCommand("SET SESSION wait_timeout = 30; SELECT GET_LOCK(@name, @wait)", connection);
            command.Parameters.AddWithValue("@name", lockName);
            command.Parameters.AddWithValue("@wait", (int)wait.TotalSeconds);
            var result = await command.ExecuteScalarAsync(cancellationToken);
            if (result is not null and not DBNull && Convert.ToInt64(result, CultureInfo.InvariantCulture) == 1)
            {
                return new ProjectionLease(connection, lockName);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Whether nobody holds the lease, asked on a pooled connection. A standby asks this every second before it
    /// tries <see cref="TryAcquireAsync"/>, whose connection of its own (a login, a server thread) would otherwise be
    /// opened and closed every second by every standby runner for nothing.
    /// </summary>
    public static async Task<bool> IsFreeAsync(MySqlConnectionFactory connections, string projectionName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connections);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT IS_FREE_LOCK(@name)", connection);
        command.Parameters.AddWithValue("@name", LockNameFor(connection.Database, projectionName));
        var result = await command.ExecuteScalarAsync(cancellationToken);

        // NULL (an error on the server's side) counts as free: the attempt to take it then tells.
        return result is null or DBNull || Convert.ToInt64(result, CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>True while this connection still holds the lock.</summary>
    public async Task<bool> IsHeldAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new MySqlCommand("SELECT IS_USED_LOCK(@name) = CONNECTION_ID()", _connection);
            command.Parameters.AddWithValue("@name", LockName);
            var result = await command.ExecuteScalarAsync(cancellationToken);
            return result is not null and not DBNull && Convert.ToInt64(result, CultureInfo.InvariantCulture) == 1;
        }
        catch (MySqlException)
        {
            return false;
        }
    }

    /// <summary>
    /// Keeps the lease of a long job that does not otherwise use its connection (which idles out after 30 s):
    /// a query every 10 s until the returned handle is disposed. Dispose the handle before the lease.
    /// </summary>
    public IAsyncDisposable KeepAlive() => new KeepAliveLoop(this);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new MySqlCommand("SELECT RELEASE_LOCK(@name)", _connection);
            command.Parameters.AddWithValue("@name", LockName);
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (MySqlException)
        {
            // Closing the connection releases the lock anyway.
        }
        catch (InvalidOperationException)
        {
            // The connection is already broken; closing it below releases the lock on the server.
        }

        await _connection.DisposeAsync();
    }

    private sealed class KeepAliveLoop : IAsyncDisposable
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public KeepAliveLoop(ProjectionLease lease) => _loop = RunAsync(lease, _stop.Token);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }

        private static async Task RunAsync(ProjectionLease lease, CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(Interval, cancellationToken);
                    await lease.IsHeldAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                // The job ended. (A lost connection is not thrown: IsHeldAsync answers false, and the job's own fences still hold.)
            }
        }
    }
}
