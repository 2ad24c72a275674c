using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Projections;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventChat.Bench.Harness;

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

    /// <summary>The registered MySQL projection of type <typeparamref name="T"/>.</summary>
    public T MySqlProjection<T>()
        where T : IMySqlProjection => _provider.GetServices<IMySqlProjection>().OfType<T>().Single();

    public MySqlConnectionFactory Connections => _provider.GetRequiredService<MySqlConnectionFactory>();

    public ProjectionCheckpoints Checkpoints => _provider.GetRequiredService<ProjectionCheckpoints>();

    /// <summary>Builds the services on <paramref name="database"/> and applies every schema migration (event store, checkpoints, read models).</summary>
    /// <param name="configure">The benchmark's own registrations (its event types), after the product's: the last registration wins.</param>
    public static async Task<BenchServices> CreateAsync(
        EventChatSettings settings, BenchDatabase database, CancellationToken cancellationToken, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(database);
        var benchSettings = settings with { DbName = database.Name };
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
            .AddEventChatInfrastructure(benchSettings)
            .AddEventChatProjections(benchSettings, runEngine: false);
        configure?.Invoke(services);

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
