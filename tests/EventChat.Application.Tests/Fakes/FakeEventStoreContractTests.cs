using EventChat.Application.Abstractions.EventStore;
using EventChat.Testing.EventStore;

namespace EventChat.Application.Tests.Fakes;

/// <summary>The event store contract (tests/Shared/EventStoreContractTests.cs) against the fake the handler tests use.</summary>
public sealed class FakeEventStoreContractTests : EventStoreContractTests
{
    protected override IEventStore Store { get; } = new FakeEventStore();
}
