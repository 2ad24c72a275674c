using EventChat.Application.Abstractions.EventStore;
using EventChat.IntegrationTests.Support;
using EventChat.Testing.EventStore;

namespace EventChat.IntegrationTests.EventStore;

/// <summary>The event store contract (tests/Shared/EventStoreContractTests.cs) against the MySQL store.</summary>
[Collection(EventStoreCollection.Name)]
public sealed class MySqlEventStoreContractTests(EventStoreFixture fixture) : EventStoreContractTests
{
    protected override IEventStore Store => fixture.Store;
}
