namespace EventChat.Application.Friends;

/// <summary>The friends read models (friend requests, friends, blocks), for queries and for finding a request's pair.</summary>
public interface IFriendReadModel
{
    /// <summary>One friend request by id, whoever it belongs to (the caller checks visibility).</summary>
    Task<FriendRequestView?> FindRequestAsync(Guid requestId, CancellationToken cancellationToken);

    /// <summary>
    /// The user's incoming (<paramref name="incoming"/>) or outgoing requests with <paramref name="status"/>, newest first,
    /// strictly after <paramref name="after"/> in that order.
    /// </summary>
    Task<IReadOnlyList<FriendRequestView>> ListRequestsAsync(Guid userId, bool incoming, string status, ListCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>The user's friends, newest friendship first.</summary>
    Task<IReadOnlyList<FriendView>> ListFriendsAsync(Guid userId, ListCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>The users the user blocks, newest block first.</summary>
    Task<IReadOnlyList<BlockedUserView>> ListBlocksAsync(Guid userId, ListCursor? after, int limit, CancellationToken cancellationToken);
}

/// <summary>A friend request as the API shows it; <see cref="Status"/> is pending, accepted, rejected or cancelled.</summary>
public sealed record FriendRequestView(Guid Id, Guid FromUserId, Guid ToUserId, string Message, string Status, DateTimeOffset CreatedAt);

/// <summary>One friend of the caller: <see cref="Remark"/> is the caller's private alias (null when none).</summary>
public sealed record FriendView(
    Guid UserId, string Username, string Nickname, string? AvatarUrl, string? Remark, DateTimeOffset Since, Guid ConversationId);

/// <summary>A user the caller blocks.</summary>
public sealed record BlockedUserView(Guid UserId, string Username, string Nickname, string? AvatarUrl, DateTimeOffset BlockedAt);

/// <summary>A page of a list and the cursor of the next page (<c>before</c>), null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
