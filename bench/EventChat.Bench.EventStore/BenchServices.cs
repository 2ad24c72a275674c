using EventChat.Application.Abstractions.EventStore;
using EventChat.Bench.Harness;
using EventChat.Infrastructure;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Projections;
using EventChat.Projections.Accounts;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventChat.Bench.EventStore;

/// <summary>
/// The one place that builds the event store and the projection types for the benchmark, through the same
/// DI registrations as the Api (<c>AddEventChatInfrastructure</c>, <c>AddEventChatProjections</c>), pointed at
/// the bench database. When the store's construction changes, this is what to adapt.
/// </summary>
public sealed class BenchServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private BenchServices(ServiceProvider provider) => _provider = provider;

    public IEventStore Store => _provider.GetRequiredService<IEventStore>();

    public UsersProjection UsersProjection => _provider.GetServices<IMySqlProjection>().OfType<UsersProjection>().Single();

    public MySqlConnectionFactory Connections => _provider.GetRequiredService<MySqlConnectionFactory>();

    public ProjectionCheckpoints Checkpoints => _provider.GetRequiredService<ProjectionCheckpoints>();

    /// <summary>Builds the services on <paramref name="database"/> and applies every schema migration (event store, checkpoints, read models).</summary>
    public static async Task<BenchServices> CreateAsync(EventChatSettings settings, BenchDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(database);
        var benchSettings = settings with { DbName = database.Name };
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
            .AddEventChatInfrastructure(benchSettings)
            .AddEventChatProjections(benchSettings, runEngine: false);
        // The benchmark's own event type beside the product's (the last registration wins).
        services.AddSingleton(_ => EventTypes.CreateRegistry().Register<BenchSomethingHappened>(BenchSomethingHappened.StoredName));

        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<SchemaMigrator>().MigrateAsync(provider.GetServices<SchemaMigration>(), cancellationToken);
            return new BenchServices(provider);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
