using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Friends;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Friends;
using Mediator;

namespace EventChat.Application.Audit.TimeTravel;

/// <summary><c>GET /api/audit/friendships/{userId}/{otherUserId}/state</c>: what stood between two users then.</summary>
public sealed record FriendshipStateQuery(Guid UserId, Guid OtherUserId, AuditInstant Instant) : IQuery<FriendshipState>;

/// <summary>
/// The pair as it stood at <see cref="AsOf"/>: whether they were friends (and since when), their direct
/// conversation, who blocked whom, each side's remark for the other, and every friend request between them.
/// </summary>
public sealed record FriendshipState(
    IReadOnlyList<Guid> UserIds,
    bool AreFriends,
    DateTimeOffset? FriendsSince,
    Guid? ConversationId,
    IReadOnlyList<Guid> BlockedBy,
    IReadOnlyDictionary<Guid, string> Remarks,
    IReadOnlyList<FriendshipStateRequest> Requests,
    long Version,
    DateTimeOffset AsOf);

public sealed record FriendshipStateRequest(Guid Id, Guid FromUserId, Guid ToUserId, string Message, string Status, DateTimeOffset SentAt);

public sealed class FriendshipStateHandler(IEventStore store) : IQueryHandler<FriendshipStateQuery, FriendshipState>
{
    public async ValueTask<FriendshipState> Handle(FriendshipStateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.UserId == query.OtherUserId)
        {
            throw RefusedException.Invalid("otherUserId", "A friendship is between two different users.");
        }

        var pair = FriendPair.Of(new UserId(query.UserId), new UserId(query.OtherUserId));
        var folded = await query.Instant.FoldAsync(
            store, pair.Stream.Id, Friendship.Initial, Friendship.Evolve, "Nothing stood between these users at that time.", cancellationToken);
        var state = folded.State;
        return new FriendshipState(
            [pair.Low.Value, pair.High.Value],
            state.AreFriends,
            state.FriendsSince,
            state.ConversationId,
            state.Blockers.Order().ToArray(),
            state.Remarks,
            state.Requests.Values.OrderBy(r => r.SentAt).Select(r => new FriendshipStateRequest(
                r.Id, r.FromUserId, r.ToUserId, r.Message, FriendRules.StatusName(r.Status), r.SentAt)).ToArray(),
            folded.Version,
            folded.AsOf);
    }
}
