using EventChat.Bench.Harness;
using EventChat.Projections.Accounts;
using EventChat.Projections.Engine;

namespace EventChat.Bench.EventStore;

/// <summary>
/// THE REBUILD UNDER MEASUREMENT (the "projection rebuild" row). For now it replays the global log from
/// position 0 through the existing <c>UsersProjection</c> the way <c>ProjectionRunner</c> applies a batch (read a
/// page, apply it and move a checkpoint in one transaction) into the bench database's <c>rm_users</c>, which
/// it empties first. When the store gains its rebuild API, replace <see cref="ResetAsync"/> and
/// <see cref="ApplyNextPageAsync"/> with calls to it; nothing else in the benchmark needs to change.
/// </summary>
public sealed class ProjectionRebuild(BenchServices services, int pageSize)
{
    /// <summary>A checkpoint of its own, so the replay never shares the live projection's row.</summary>
    public const string CheckpointName = "bench-rebuild-users";

    private const string Owner = "bench";
    private long _position;

    public long Position => _position;

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await services.Connections.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "TRUNCATE TABLE rm_users; DELETE FROM es_projection_checkpoints WHERE name = @name";
            command.Parameters.AddWithValue("@name", CheckpointName);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await services.Checkpoints.EnsureAsync(CheckpointName, 0, cancellationToken);
        _position = 0;
    }

    /// <summary>One batch: the next page of the log applied to rm_users with its checkpoint, in one transaction. Returns the events in it.</summary>
    public async ValueTask<int> ApplyNextPageAsync(CancellationToken cancellationToken)
    {
        var page = await services.Store.ReadAllForwardAsync(_position, pageSize, cancellationToken);
        if (page.Events.Count == 0)
        {
            return 0;
        }

        await using var connection = await services.Connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await services.MySqlProjection<UsersProjection>().ApplyAsync(page.Events, connection, transaction, cancellationToken);
        await ProjectionCheckpoints.AdvanceAsync(connection, transaction, CheckpointName, _position, page.NextPosition, Owner, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _position = page.NextPosition;
        return page.Events.Count;
    }
}
