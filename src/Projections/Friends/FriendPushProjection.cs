using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.Realtime;
using EventChat.Domain.Friends;
using EventChat.Projections.Engine;

namespace EventChat.Projections.Friends;

/// <summary>
/// Pushes friend requests to their two users: <c>friendRequestReceived</c>, <c>friendRequestAccepted</c> and
/// <c>friendRequestRejected</c>, each the request as the REST API shows it, with the event's position. An answer does
/// not repeat the request's message and time, so they are read from the pair's stream (one small read per answer,
/// never per message). Applied at least once, like every push (see <see cref="IEventProjection"/>).
/// </summary>
public sealed class FriendPushProjection(IEventStore store, IChatPush push) : IEventProjection
{
    public const string ProjectionName = "friend-push";

    public string Name => ProjectionName;

    public ReadModelSet Writes => ReadModelSet.None;

    /// <summary>Connected clients wait on each push: no linger for larger batches.</summary>
    public bool DeliversLive => true;

    public IReadOnlyCollection<Type> HandledEvents { get; } = [typeof(FriendRequestSent), typeof(FriendRequestAccepted), typeof(FriendRequestRejected)];

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            var (method, request) = e.Data switch
            {
                FriendRequestSent sent => (ChatMethods.FriendRequestReceived, ToPush(sent, "pending", e.Position)),
                FriendRequestAccepted accepted => (ChatMethods.FriendRequestAccepted, ToPush(await FindSentAsync(e, accepted.RequestId, cancellationToken), "accepted", e.Position)),
                FriendRequestRejected rejected => (ChatMethods.FriendRequestRejected, ToPush(await FindSentAsync(e, rejected.RequestId, cancellationToken), "rejected", e.Position)),
                _ => throw new ArgumentException($"Not a friend request event: {e.EventType}.", nameof(events)),
            };
            await push.SendAsync([request.FromUserId, request.ToUserId], method, request, cancellationToken);
        }
    }

    private static FriendRequestPush ToPush(FriendRequestSent sent, string status, long position) =>
        new(sent.RequestId, sent.FromUserId, sent.ToUserId, sent.Message, status, sent.SentAt, position);

    /// <summary>The request an answer is about, from the pair's stream before the answer.</summary>
    private async Task<FriendRequestSent> FindSentAsync(StoredEvent answer, Guid requestId, CancellationToken cancellationToken)
    {
        var earlier = await store.ReadStreamAsync(answer.StreamId, 1, answer.StreamVersion - 1, null, cancellationToken);
        return earlier.Select(e => e.Data).OfType<FriendRequestSent>().LastOrDefault(s => s.RequestId == requestId)
            ?? throw new InvalidOperationException($"Friend request {requestId} is answered at position {answer.Position} but was never sent on {answer.StreamId}.");
    }
}
