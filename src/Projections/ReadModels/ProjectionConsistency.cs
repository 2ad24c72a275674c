using Dapper;
using EventChat.Application.Abstractions;
using EventChat.Infrastructure.EventStore;
using EventChat.Projections.Engine;

namespace EventChat.Projections.ReadModels;

/// <summary>
/// Read-your-writes: waits until every MySQL projection's checkpoint reaches a position. It reads the
/// checkpoints table, so it works whether the projections run in this process or in a worker.
/// </summary>
public sealed class ProjectionConsistency(MySqlConnectionFactory connections, IEnumerable<IMySqlProjection> projections) : IReadModelConsistency
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(15);
    private readonly string[] _names = projections.Select(p => p.Name).ToArray();

    public async Task<bool> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var head = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(position), 0) FROM es_events", cancellationToken: cancellationToken));
        return await WaitForPositionAsync(head, timeout, cancellationToken);
    }

    public async Task<bool> WaitForPositionAsync(long position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_names.Length == 0)
        {
            return true;
        }

        var deadline = DateTime.UtcNow + timeout;
        await using var connection = await connections.OpenAsync(cancellationToken);
        while (true)
        {
            var state = await connection.QuerySingleAsync<(long? Lowest, int Count, long Head)>(new CommandDefinition(
                "SELECT MIN(position), COUNT(*), (SELECT COALESCE(MAX(position), 0) FROM es_events) FROM es_projection_checkpoints WHERE name IN @names",
                new { names = _names },
                cancellationToken: cancellationToken));
            if (state.Count == _names.Length && state.Lowest >= position)
            {
                return true;
            }

            // A position beyond the head was never written: waiting for it would only burn the 5 s.
            if (position > state.Head || DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
