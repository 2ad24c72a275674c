using EventChat.Infrastructure.EventStore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MySqlConnector;

namespace EventChat.Projections.ReadModels;

/// <summary>
/// Creates read-model contexts: pooled ones for queries, or on the projection engine's connection and
/// transaction so a batch and its checkpoint commit together.
/// </summary>
public sealed class ReadModelDbContextFactory(MySqlConnectionFactory connections)
{
    private readonly Lazy<ServerVersion> _serverVersion = new(() => ServerVersion.AutoDetect(connections.ConnectionString));
    private PooledDbContextFactory<ReadModelDbContext>? _queries;

    /// <summary>For plain reads: the one pool (its connections are not reset when reused, see <c>EventChatSettings.MySqlConnectionString</c>).</summary>
    public string ReadOnlyConnectionString => connections.ConnectionString;

    /// <summary>
    /// A context from a pool: dispose it to give it back. A new context per query would build EF Core's and
    /// Pomelo's per-context services each time (Pomelo's function translators reflect over dozens of methods);
    /// profiled, that was the largest single cost of <c>GET /api/users/me</c> (docs/benchmarks.md).
    /// </summary>
    public ReadModelDbContext ForQueries() =>
        LazyInitializer.EnsureInitialized(ref _queries, () => new PooledDbContextFactory<ReadModelDbContext>(
            new DbContextOptionsBuilder<ReadModelDbContext>()
                .UseMySql(connections.ConnectionString, _serverVersion.Value)
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                .Options)).CreateDbContext();

    public async Task<ReadModelDbContext> ForBatchAsync(MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        var context = new ReadModelDbContext(new DbContextOptionsBuilder<ReadModelDbContext>()
            .UseMySql(connection, _serverVersion.Value)
            .Options);
        await context.Database.UseTransactionAsync(transaction, cancellationToken);
        return context;
    }
}
