using EventChat.Application.Abstractions;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Friends;

namespace EventChat.Application.Friends;

/// <summary>
/// Finds the pair of a friend request from its id. Only the read model knows which pair a request id belongs to;
/// a miss may only mean the projection is behind (the sender got the id in the 201 a moment ago), so on a miss it
/// waits, bounded, for the read models to reach the head of the log and looks again before answering 404.
/// The decision itself is then made on the pair's stream, never on the read model.
/// </summary>
public static class FriendRequestLocator
{
    /// <summary>The pair of <paramref name="requestId"/> if <paramref name="callerId"/> is one of its two users; 404 otherwise.</summary>
    public static async Task<FriendPair> PairOfAsync(
        IFriendReadModel friends, IReadModelConsistency consistency, Guid requestId, Guid callerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(friends);
        ArgumentNullException.ThrowIfNull(consistency);
        var request = await friends.FindRequestAsync(requestId, cancellationToken);
        if (request is null)
        {
            await consistency.CatchUpAsync(IReadModelConsistency.MaxWait, cancellationToken);
            request = await friends.FindRequestAsync(requestId, cancellationToken);
        }

        // Another pair's request does not exist for the caller: the same 404 as an unknown id, so ids do not leak.
        if (request is null || (request.FromUserId != callerId && request.ToUserId != callerId))
        {
            throw RefusedException.NotFound("No such friend request.");
        }

        return FriendPair.Of(new UserId(request.FromUserId), new UserId(request.ToUserId));
    }
}
