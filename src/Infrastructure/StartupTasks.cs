using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.ObjectStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace EventChat.Infrastructure;

public static class StartupTasks
{
    /// <summary>How long start-up waits for the database to accept connections (it may be starting too).</summary>
    public static readonly TimeSpan DatabaseWait = TimeSpan.FromSeconds(60);

    /// <summary>Migrates every registered schema (event store, checkpoints, read models) and ensures the bucket.</summary>
    public static async Task InitializeEventChatAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupTasks));
        var deadline = DateTime.UtcNow + DatabaseWait;
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(services.GetServices<SchemaMigration>(), cancellationToken);
                break;
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.UnableToConnectToHost && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Database not reachable yet ({Error}); retrying until {Deadline:u}", ex.Message, deadline);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }

        await services.GetRequiredService<BucketInitializer>().EnsureBucketAsync(cancellationToken);
    }
}
