using Dapper;
using EventChat.Infrastructure.EventStore;
using MySqlConnector;

namespace EventChat.Projections.Engine;

/// <summary>The <c>es_projection_checkpoints</c> table: each projection's last applied position and status.</summary>
public sealed class ProjectionCheckpoints(MySqlConnectionFactory connections)
{
    /// <summary>Creates the checkpoint at <paramref name="startPosition"/> unless the projection has one already.</summary>
    public async Task EnsureAsync(string name, long startPosition, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT IGNORE INTO es_projection_checkpoints (name, position, status, updated_at) VALUES (@name, @startPosition, 'stopped', UTC_TIMESTAMP(6))",
            new { name, startPosition },
            cancellationToken: cancellationToken));
    }

    public async Task<long> ReadPositionAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT position FROM es_projection_checkpoints WHERE name = @name", new { name }, cancellationToken: cancellationToken)) ?? 0;
    }

    /// <summary>
    /// Moves the checkpoint inside the batch's transaction, fenced on the position this owner read and
    /// on nobody having paused the projection (a rebuild about to swap its tables): otherwise nothing
    /// of the batch commits. With no <paramref name="transaction"/> (a checkpoint that carries no batch) the
    /// one statement commits by itself: the same fence, one round trip instead of three.
    /// </summary>
    public static async Task AdvanceAsync(
        MySqlConnection connection,
        MySqlTransaction? transaction,
        string name,
        long from,
        long to,
        string owner,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var matched = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE es_projection_checkpoints
            SET position = @to, status = 'running', owner = @owner, last_error = NULL, updated_at = UTC_TIMESTAMP(6)
            WHERE name = @name AND position = @from AND paused_by IS NULL
            """,
            new { name, from, to, owner },
            transaction,
            cancellationToken: cancellationToken));
        if (matched != 1)
        {
            throw new LeaseLostException($"The checkpoint of projection '{name}' moved away from {from} or was paused: another instance or a rebuild owns it.");
        }
    }

    /// <summary>
    /// Parks an event the projection cannot read or apply, in the transaction that moves the
    /// checkpoint past it (or, with <paramref name="stop"/>, marks the projection stopped instead).
    /// </summary>
    public static async Task ParkAsync(
        MySqlConnection connection,
        MySqlTransaction transaction,
        string name,
        StoredEventRef parked,
        string error,
        bool stop,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parked);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO es_parked_events (projection, position, event_type, error, parked_at)
            VALUES (@name, @position, @type, @error, UTC_TIMESTAMP(6))
            ON DUPLICATE KEY UPDATE error = VALUES(error), parked_at = VALUES(parked_at)
            """,
            new { name, position = parked.Position, type = parked.EventType, error = Clip(error) },
            transaction,
            cancellationToken: cancellationToken));
        if (stop)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE es_projection_checkpoints SET status = 'halted', last_error = @error, updated_at = UTC_TIMESTAMP(6) WHERE name = @name",
                new { name, error = Clip($"Stopped at the event at position {parked.Position} ({parked.EventType}): {error}") },
                transaction,
                cancellationToken: cancellationToken));
        }
    }

    /// <summary>The checkpoint as stored: position, status and whether a rebuild paused it.</summary>
    public async Task<(long Position, string Status, bool Paused)> ReadAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(long Position, string Status, string? PausedBy)>(new CommandDefinition(
            "SELECT position, status, paused_by FROM es_projection_checkpoints WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        return (row.Position, row.Status ?? "stopped", row.PausedBy is not null);
    }

    /// <summary>Pauses (a rebuild's swap) or resumes a projection: its owner stands by while paused.</summary>
    public async Task SetPausedAsync(string name, string? pausedBy, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE es_projection_checkpoints SET paused_by = @pausedBy, updated_at = UTC_TIMESTAMP(6) WHERE name = @name",
            new { name, pausedBy },
            cancellationToken: cancellationToken));
    }

    public async Task SetStatusAsync(string name, string status, string? owner, string? lastError, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE es_projection_checkpoints SET status = @status, owner = @owner, last_error = @lastError, updated_at = UTC_TIMESTAMP(6) WHERE name = @name",
            new { name, status, owner, lastError = lastError is null ? null : Clip(lastError) },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ProjectionStatus>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CheckpointRow>(new CommandDefinition(
            """
            SELECT c.name AS Name, c.position AS Position, c.status AS Status, c.owner AS Owner, c.last_error AS LastError,
                   c.updated_at AS UpdatedAt, (SELECT position FROM es_log_head WHERE id = 1) AS HeadPosition,
                   (SELECT COUNT(*) FROM es_parked_events p WHERE p.projection = c.name) AS ParkedEvents
            FROM es_projection_checkpoints c ORDER BY c.name
            """,
            cancellationToken: cancellationToken));
        return rows.Select(r => new ProjectionStatus(
            r.Name, r.Position, r.HeadPosition, Math.Max(0, r.HeadPosition - r.Position), r.Status, r.Owner, r.LastError,
            new DateTimeOffset(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc)), r.ParkedEvents)).ToArray();
    }

    /// <summary>The events parked by one projection, oldest first.</summary>
    public async Task<IReadOnlyList<ParkedEvent>> ReadParkedAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Position, string EventType, string Error, DateTime ParkedAt)>(new CommandDefinition(
            "SELECT position, event_type, error, parked_at FROM es_parked_events WHERE projection = @name ORDER BY position",
            new { name },
            cancellationToken: cancellationToken));
        return rows.Select(r => new ParkedEvent(r.Position, r.EventType, r.Error, new DateTimeOffset(DateTime.SpecifyKind(r.ParkedAt, DateTimeKind.Utc)))).ToArray();
    }

    private static string Clip(string text) => text.Length > 4000 ? text[..4000] : text;

    private sealed record CheckpointRow(string Name, long Position, string Status, string? Owner, string? LastError, DateTime UpdatedAt, long HeadPosition, long ParkedEvents);
}
