using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.Realtime;
using EventChat.Domain.Accounts;
using EventChat.Projections.Engine;

namespace EventChat.Projections.Accounts;

/// <summary>
/// Closes the hub connections of a session that ended (logout, refresh-token theft) on every instance, moments after
/// the event commits. New connections of that session are refused at connect like any request with its token
/// (<see cref="SessionRevocations"/>).
/// </summary>
public sealed class SessionPushProjection(IChatPush push) : IEventProjection
{
    public const string ProjectionName = "session-push";

    public string Name => ProjectionName;

    public ReadModelSet Writes => ReadModelSet.None;

    /// <summary>Connected clients wait on each push: no linger for larger batches.</summary>
    public bool DeliversLive => true;

    public IReadOnlyCollection<Type> HandledEvents { get; } = [typeof(SessionEnded)];

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var ended in events.Select(e => e.Data).OfType<SessionEnded>())
        {
            await push.EndSessionAsync(ended.SessionId, cancellationToken);
        }
    }
}
