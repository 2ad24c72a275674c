using EventChat.Infrastructure.EventStore;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace EventChat.Projections.ReadModels;

/// <summary>
/// Creates read-model contexts: on a pooled connection for queries, or on the projection engine's
/// connection and transaction so a batch and its checkpoint commit together.
/// </summary>
public sealed class ReadModelDbContextFactory(MySqlConnectionFactory connections)
{
    private readonly Lazy<ServerVersion> _serverVersion = new(() => ServerVersion.AutoDetect(connections.ConnectionString));

    public ReadModelDbContext ForQueries() =>
        new(new DbContextOptionsBuilder<ReadModelDbContext>()
            .UseMySql(connections.ConnectionString, _serverVersion.Value)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options);

    public async Task<ReadModelDbContext> ForBatchAsync(MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        var context = new ReadModelDbContext(new DbContextOptionsBuilder<ReadModelDbContext>()
            .UseMySql(connection, _serverVersion.Value)
            .Options);
        await context.Database.UseTransactionAsync(transaction, cancellationToken);
        return context;
    }
}
