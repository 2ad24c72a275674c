using EventChat.Domain.Common;

namespace EventChat.Domain.Friends;

/// <summary>
/// Pure decisions on the state of one pair (<see cref="Friendship"/>, folded from <see cref="FriendPair.Stream"/>):
/// state + command → events, or a <see cref="RefusedException"/>. The caller appends the events with the version it
/// folded, so two decisions on the same pair never both commit on stale state.
/// </summary>
public static class FriendDecisions
{
    /// <summary>Why a request stopped being pending without an answer (<see cref="FriendRequestCancelled.Reason"/>).</summary>
    public const string CancelledBySender = "cancelled";

    public const string CancelledByBlock = "blocked";

    public const int MaxMessageLength = 200;

    public const int MaxRemarkLength = 64;

    public static IReadOnlyList<object> SendRequest(Friendship state, Guid requestId, Guid fromUserId, Guid toUserId, string message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);
        if (fromUserId == toUserId)
        {
            throw RefusedException.Invalid("toUserId", "You cannot send a friend request to yourself.");
        }

        if (state.AreFriends)
        {
            throw RefusedException.Conflict("You are already friends.");
        }

        if (state.IsBlocked)
        {
            throw RefusedException.Forbidden(state.Blocks(fromUserId)
                ? "You blocked this user: unblock them first."
                : "This user does not accept friend requests from you.");
        }

        if (state.Pending is { } pending)
        {
            throw RefusedException.Conflict(pending.FromUserId == fromUserId
                ? "You already sent this user a friend request that is still pending."
                : "This user already sent you a friend request: accept theirs instead.");
        }

        return [new FriendRequestSent(requestId, fromUserId, toUserId, message, now)];
    }

    /// <summary>The recipient accepts: the two become friends, and <paramref name="conversationId"/> is their direct conversation.</summary>
    public static IReadOnlyList<object> Accept(Friendship state, Guid requestId, Guid callerId, Guid conversationId, DateTimeOffset now)
    {
        var request = PendingForRecipient(state, requestId, callerId, "accept");
        return [new FriendRequestAccepted(request.Id, request.FromUserId, request.ToUserId, conversationId, now)];
    }

    public static IReadOnlyList<object> Reject(Friendship state, Guid requestId, Guid callerId, DateTimeOffset now)
    {
        var request = PendingForRecipient(state, requestId, callerId, "reject");
        return [new FriendRequestRejected(request.Id, request.FromUserId, request.ToUserId, now)];
    }

    /// <summary>The sender takes a pending request back.</summary>
    public static IReadOnlyList<object> Cancel(Friendship state, Guid requestId, Guid callerId, DateTimeOffset now)
    {
        var request = Visible(state, requestId, callerId);
        if (request.FromUserId != callerId)
        {
            throw RefusedException.Forbidden("Only the sender can cancel a friend request.");
        }

        EnsurePending(request);
        return [new FriendRequestCancelled(request.Id, request.FromUserId, request.ToUserId, CancelledBySender, callerId, now)];
    }

    /// <summary>One of two friends ends the friendship, for both.</summary>
    public static IReadOnlyList<object> Unfriend(Friendship state, Guid callerId, Guid otherUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.AreFriends || callerId == otherUserId)
        {
            throw RefusedException.NotFound("This user is not your friend.");
        }

        return [new FriendshipEnded(callerId, otherUserId, now)];
    }

    /// <summary>A private alias for a friend; an empty remark clears it. The same remark again records nothing.</summary>
    public static IReadOnlyList<object> SetRemark(Friendship state, Guid ownerId, Guid friendId, string remark, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(remark);
        if (!state.AreFriends || ownerId == friendId)
        {
            throw RefusedException.NotFound("This user is not your friend.");
        }

        if (remark.Length > MaxRemarkLength)
        {
            throw RefusedException.Invalid("remark", $"remark must be at most {MaxRemarkLength} characters.");
        }

        var current = state.Remarks.TryGetValue(ownerId, out var existing) ? existing : string.Empty;
        return current == remark ? [] : [new FriendRemarkSet(ownerId, friendId, remark, now)];
    }

    /// <summary>
    /// Blocks <paramref name="blockedId"/>: a pending request either way is cancelled in the same append; a friendship
    /// stays (a block does not unfriend). Blocking someone already blocked records nothing.
    /// </summary>
    public static IReadOnlyList<object> Block(Friendship state, Guid blockerId, Guid blockedId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (blockerId == blockedId)
        {
            throw RefusedException.Invalid("userId", "You cannot block yourself.");
        }

        if (state.Blocks(blockerId))
        {
            return [];
        }

        var events = new List<object> { new UserBlocked(blockerId, blockedId, now) };
        if (state.Pending is { } pending)
        {
            events.Add(new FriendRequestCancelled(pending.Id, pending.FromUserId, pending.ToUserId, CancelledByBlock, blockerId, now));
        }

        return events;
    }

    /// <summary>Lifts the caller's block; unblocking someone not blocked records nothing. The other side's block stays.</summary>
    public static IReadOnlyList<object> Unblock(Friendship state, Guid blockerId, Guid blockedId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (blockerId == blockedId)
        {
            throw RefusedException.Invalid("userId", "You cannot unblock yourself.");
        }

        return state.Blocks(blockerId) ? [new UserUnblocked(blockerId, blockedId, now)] : [];
    }

    /// <summary>The request as its recipient may answer it: the sender gets 403, a third user 404, an answered request 409.</summary>
    private static FriendRequest PendingForRecipient(Friendship state, Guid requestId, Guid callerId, string verb)
    {
        var request = Visible(state, requestId, callerId);
        if (request.ToUserId != callerId)
        {
            throw RefusedException.Forbidden($"Only the recipient can {verb} a friend request.");
        }

        EnsurePending(request);
        return request;
    }

    /// <summary>The request if the caller is one of its two users; otherwise it does not exist for them (404).</summary>
    private static FriendRequest Visible(Friendship state, Guid requestId, Guid callerId)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Requests.TryGetValue(requestId, out var request) || (request.FromUserId != callerId && request.ToUserId != callerId))
        {
            throw RefusedException.NotFound("No such friend request.");
        }

        return request;
    }

    private static void EnsurePending(FriendRequest request)
    {
        if (request.Status != FriendRequestStatus.Pending)
        {
            throw RefusedException.Conflict($"This friend request is no longer pending (it is {request.Status.ToString().ToLowerInvariant()}).");
        }
    }
}
