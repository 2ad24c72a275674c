using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Testing.EventStore;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventChat.IntegrationTests.Support;

/// <summary>The real MySQL event store of the test database, migrated once per test run.</summary>
public sealed class EventStoreFixture : IAsyncLifetime
{
    public EventChatSettings Settings { get; } = TestSettings.Current;

    public MySqlConnectionFactory Connections { get; private set; } = null!;

    public EventTypeRegistry Registry { get; private set; } = null!;

    public AppendSignal Signal { get; } = new();

    public MySqlEventStore Store { get; private set; } = null!;

    public static EventTypeRegistry CreateRegistry() =>
        EventTypes.CreateRegistry()
            .Register<CounterIncremented>("test.counter-incremented")
            .Register<CounterRenamed>("test.counter-renamed")
            .Register<ContractEvent>("test.contract-event");

    public async Task InitializeAsync()
    {
        Connections = new MySqlConnectionFactory(Settings.MySqlConnectionString);
        await new SchemaMigrator(Connections, NullLogger<SchemaMigrator>.Instance).MigrateAsync(EventStoreSchema.Migrations, CancellationToken.None);
        Registry = CreateRegistry();
        Store = CreateStore(Signal);
    }

    public MySqlEventStore CreateStore(AppendSignal signal) =>
        new(Connections, Registry, signal, new EventStoreOptions(), NullLogger<MySqlEventStore>.Instance);

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class EventStoreCollection : ICollectionFixture<EventStoreFixture>
{
    public const string Name = "event store";
}
