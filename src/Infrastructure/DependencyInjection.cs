using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Features;
using EventChat.Infrastructure.ObjectStorage;
using EventChat.Infrastructure.Observability;
using EventChat.Infrastructure.Redis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace EventChat.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The event store, MySQL, Redis and object storage, shared by the Api and the projections worker.</summary>
    public static IServiceCollection AddEventChatInfrastructure(this IServiceCollection services, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(new MySqlConnectionFactory(settings.MySqlConnectionString));
        services.AddSingleton<SchemaMigrator>();
        foreach (var migration in EventStoreSchema.Migrations)
        {
            services.AddSingleton(migration);
        }

        services.AddSingleton<EventChatMetrics>();
        services.AddSingleton(new EventStoreOptions());
        services.AddSingleton<AppendSignal>();
        services.AddSingleton(_ => EventTypes.CreateRegistry());
        services.AddSingleton<IEventStore, MySqlEventStore>();

        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(ConfigurationOptions.Parse(settings.RedisConfiguration).OnThreadPool()));
        services.AddHostedService<RedisAppendBridge>();

        services.AddSingleton(_ => ObjectStorageClientFactory.Create(settings));
        services.AddKeyedSingleton(ObjectStorageClientFactory.ClientUrlsKey, (_, _) => ObjectStorageClientFactory.CreateForClientUrls(settings));
        services.AddSingleton<BucketInitializer>();
        services.AddSingleton<IObjectStorage, MinioObjectStorage>();

        services.AddSingleton<IClock, SystemClock>();
        return services.AddFeatureModules(settings, typeof(DependencyInjection).Assembly);
    }
}
