using Dapper;
using EventChat.Application.Abstractions;
using EventChat.Infrastructure.EventStore;
using EventChat.Projections.Engine;

namespace EventChat.Projections.ReadModels;

/// <summary>
/// Read-your-writes: waits until every projection has applied a position. When this process
/// runs the projections (the default), the answer comes from <see cref="ProjectionProgress"/> with no
/// query at all, and a waiter wakes on the commit that reaches its position. When a projection is
/// active elsewhere (a worker process), its checkpoint row is read, again at each local commit or
/// every <see cref="FallbackPoll"/>.
/// </summary>
public sealed class ProjectionConsistency(MySqlConnectionFactory connections, ProjectionCatalog projections, ProjectionProgress progress)
    : IReadModelConsistency
{
    private static readonly TimeSpan FallbackPoll = TimeSpan.FromMilliseconds(100);
    private readonly string[] _names = [.. projections.Names];

    public async Task<bool> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var head = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT position FROM es_log_head WHERE id = 1", cancellationToken: cancellationToken));
        return await WaitForPositionAsync(head, timeout, cancellationToken);
    }

    public async Task<bool> WaitForPositionAsync(long position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // Take the pulse before looking, so a commit between the look and the wait still wakes us.
            var advance = progress.NextAdvance;
            if (_names.All(name => progress.HasReached(name, position)))
            {
                return true;
            }

            var (reached, pastHead) = await ReadCheckpointsAsync(position, cancellationToken);
            if (reached)
            {
                return true;
            }

            // A position beyond the head was never written: waiting for it would only burn the 5 s.
            var left = deadline - DateTime.UtcNow;
            if (pastHead || left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.WhenAny(advance, Task.Delay(left < FallbackPoll ? left : FallbackPoll, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<(bool Reached, bool PastHead)> ReadCheckpointsAsync(long position, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var state = await connection.QuerySingleAsync<(long? Lowest, int Count, long Head)>(new CommandDefinition(
            "SELECT MIN(position), COUNT(*), (SELECT position FROM es_log_head WHERE id = 1) FROM es_projection_checkpoints WHERE name IN @names",
            new { names = _names },
            cancellationToken: cancellationToken));
        return (state.Count == _names.Length && state.Lowest >= position, position > state.Head);
    }
}
