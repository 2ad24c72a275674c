using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.ObjectStorage;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Infrastructure;

public static class StartupTasks
{
    /// <summary>Migrates every registered schema (event store, checkpoints, read models) and ensures the bucket.</summary>
    public static async Task InitializeEventChatAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var migrator = services.GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync(services.GetServices<SchemaMigration>(), cancellationToken);
        await services.GetRequiredService<BucketInitializer>().EnsureBucketAsync(cancellationToken);
    }
}
