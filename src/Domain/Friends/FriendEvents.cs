using EventChat.Domain.Common;

namespace EventChat.Domain.Friends;

// The events of a pair's stream (FriendPair.Stream). Each names both users, so projections need no lookups.

/// <summary>A user asked another to be friends.</summary>
[EventName("friend-request.sent")]
public sealed record FriendRequestSent(Guid RequestId, Guid FromUserId, Guid ToUserId, string Message, DateTimeOffset SentAt);

/// <summary>The recipient accepted: the two are friends from now, and <see cref="ConversationId"/> is their direct conversation.</summary>
[EventName("friend-request.accepted")]
public sealed record FriendRequestAccepted(Guid RequestId, Guid FromUserId, Guid ToUserId, Guid ConversationId, DateTimeOffset AcceptedAt);

[EventName("friend-request.rejected")]
public sealed record FriendRequestRejected(Guid RequestId, Guid FromUserId, Guid ToUserId, DateTimeOffset RejectedAt);

/// <summary>The request stopped being pending without an answer: its sender cancelled it, or a block ended it (<see cref="Reason"/>).</summary>
[EventName("friend-request.cancelled")]
public sealed record FriendRequestCancelled(Guid RequestId, Guid FromUserId, Guid ToUserId, string Reason, Guid CancelledBy, DateTimeOffset CancelledAt);

/// <summary>One of the two unfriended the other: neither is a friend of the other any more.</summary>
[EventName("friendship.ended")]
public sealed record FriendshipEnded(Guid EndedBy, Guid OtherUserId, DateTimeOffset EndedAt);

/// <summary>A private alias one friend gave the other; an empty remark clears it.</summary>
[EventName("friendship.remark-set")]
public sealed record FriendRemarkSet(Guid OwnerId, Guid FriendId, string Remark, DateTimeOffset SetAt);

/// <summary>A user blocked another: no requests or direct messages from the blocked one until unblocked.</summary>
[EventName("user.blocked")]
public sealed record UserBlocked(Guid BlockerId, Guid BlockedId, DateTimeOffset BlockedAt);

[EventName("user.unblocked")]
public sealed record UserUnblocked(Guid BlockerId, Guid BlockedId, DateTimeOffset UnblockedAt);
