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
    /// Moves the checkpoint inside the batch's transaction, fenced on the position this owner read:
    /// if anyone else moved it, nothing of the batch commits.
    /// </summary>
    public static async Task AdvanceAsync(
        MySqlConnection connection,
        MySqlTransaction transaction,
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
            WHERE name = @name AND position = @from
            """,
            new { name, from, to, owner },
            transaction,
            cancellationToken: cancellationToken));
        if (matched != 1)
        {
            throw new LeaseLostException($"The checkpoint of projection '{name}' moved away from {from}: another instance owns it.");
        }
    }

    public async Task SetStatusAsync(string name, string status, string? owner, string? lastError, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE es_projection_checkpoints SET status = @status, owner = @owner, last_error = @lastError, updated_at = UTC_TIMESTAMP(6) WHERE name = @name",
            new { name, status, owner, lastError = lastError is { Length: > 4000 } ? lastError[..4000] : lastError },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ProjectionStatus>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CheckpointRow>(new CommandDefinition(
            """
            SELECT c.name AS Name, c.position AS Position, c.status AS Status, c.owner AS Owner, c.last_error AS LastError,
                   c.updated_at AS UpdatedAt, (SELECT COALESCE(MAX(position), 0) FROM es_events) AS HeadPosition
            FROM es_projection_checkpoints c ORDER BY c.name
            """,
            cancellationToken: cancellationToken));
        return rows.Select(r => new ProjectionStatus(
            r.Name, r.Position, r.HeadPosition, Math.Max(0, r.HeadPosition - r.Position), r.Status, r.Owner, r.LastError,
            new DateTimeOffset(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc)))).ToArray();
    }

    private sealed record CheckpointRow(string Name, long Position, string Status, string? Owner, string? LastError, DateTime UpdatedAt, long HeadPosition);
}
