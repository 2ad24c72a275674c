using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;

namespace EventChat.Application.Common;

/// <summary>
/// Metadata for the events of one command: who (user), which request (correlation id), which command
/// (causation id), and from where. Scoped: one causation id per request.
/// </summary>
public sealed class EventMetadataFactory(ICurrentUser currentUser, ICorrelationContext correlation)
{
    private readonly string _causationId = UniqueIds.NewVersion7().ToString("D");

    public EventMetadata Create(Guid? actingUserId = null) => new(
        UserId: (actingUserId ?? currentUser.UserId)?.ToString("D"),
        CorrelationId: correlation.CorrelationId,
        CausationId: _causationId,
        ClientIp: currentUser.ClientIp,
        UserAgent: currentUser.UserAgent);

    public IReadOnlyList<EventToAppend> Wrap(IEnumerable<object> events, Guid? actingUserId = null)
    {
        var metadata = Create(actingUserId);
        return events.Select(e => EventToAppend.New(e, metadata)).ToArray();
    }
}
