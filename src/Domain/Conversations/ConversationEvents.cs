using EventChat.Domain.Common;

namespace EventChat.Domain.Conversations;

/// <summary>
/// The direct conversation of two users started (on <see cref="ConversationId.ForDirect"/>'s stream). Appended
/// in the same atomic append as the friendship when a friend request is accepted, or by
/// <c>POST /api/conversations {type: "direct"}</c> for friends whose conversation does not exist yet.
/// </summary>
[EventName("conversation.direct-started")]
public sealed record DirectConversationStarted(Guid ConversationId, Guid FirstUserId, Guid SecondUserId, DateTimeOffset StartedAt);

// The conversation stream (ConversationId.Stream): who is in it and what it is. Small: messages have their own stream.

/// <summary>A group was created by <see cref="OwnerId"/> with its first members (the owner not among <see cref="MemberIds"/>).</summary>
[EventName("conversation.group-created")]
public sealed record GroupCreated(Guid ConversationId, Guid OwnerId, string Name, IReadOnlyList<Guid> MemberIds, DateTimeOffset CreatedAt);

[EventName("conversation.group-members-added")]
public sealed record GroupMembersAdded(Guid ConversationId, Guid AddedBy, IReadOnlyList<Guid> UserIds, DateTimeOffset AddedAt);

/// <summary>An owner or admin removed a member.</summary>
[EventName("conversation.group-member-removed")]
public sealed record GroupMemberRemoved(Guid ConversationId, Guid UserId, Guid RemovedBy, DateTimeOffset RemovedAt);

/// <summary>A member left on their own.</summary>
[EventName("conversation.group-member-left")]
public sealed record GroupMemberLeft(Guid ConversationId, Guid UserId, DateTimeOffset LeftAt);

/// <summary>The owner left: ownership passed to the longest-standing admin, else the longest-standing member.</summary>
[EventName("conversation.group-ownership-passed")]
public sealed record GroupOwnershipPassed(Guid ConversationId, Guid FromUserId, Guid ToUserId, DateTimeOffset PassedAt);

/// <summary>The owner made a member an admin, or an admin a plain member again (<see cref="Role"/>: admin or member).</summary>
[EventName("conversation.group-member-role-changed")]
public sealed record GroupMemberRoleChanged(Guid ConversationId, Guid UserId, string Role, Guid ChangedBy, DateTimeOffset ChangedAt);

[EventName("conversation.group-renamed")]
public sealed record GroupRenamed(Guid ConversationId, string Name, Guid RenamedBy, DateTimeOffset RenamedAt);

[EventName("conversation.group-announcement-set")]
public sealed record GroupAnnouncementSet(Guid ConversationId, string Announcement, Guid SetBy, DateTimeOffset SetAt);

/// <summary>The last member left: the group is over (its history stays in the log).</summary>
[EventName("conversation.group-ended")]
public sealed record GroupEnded(Guid ConversationId, DateTimeOffset EndedAt);

/// <summary>
/// A message was recalled: read models drop its content; the original stays in the messages stream for auditors.
/// On the conversation stream, because recalling is a decision on roles and on the recalled set.
/// </summary>
[EventName("conversation.message-recalled")]
public sealed record MessageRecalled(Guid ConversationId, long Seq, Guid MessageId, Guid SenderId, Guid RecalledBy, DateTimeOffset RecalledAt);

// The messages stream (ConversationId.MessagesStream): one MessageSent per message, appended with "any version",
// so the store assigns the stream version, which is the message's seq. The payload carries no seq.

/// <summary>
/// A message was sent. <see cref="MessageId"/> is also the event id, derived from (conversation, sender,
/// clientMessageId), so a resend is recognized by the store. <see cref="Type"/>: text, image, video or file.
/// </summary>
[EventName("conversation.message-sent")]
public sealed record MessageSent(
    Guid ConversationId,
    Guid MessageId,
    Guid SenderId,
    string ClientMessageId,
    string Type,
    string? Text,
    Guid? UploadId,
    long? ReplyToSeq,
    DateTimeOffset SentAt,
    string? UploadContentType = null,
    long? UploadSize = null);

// A member's read marker stream (ConversationId.ReadMarkerStream(user)).

/// <summary>A member read the conversation up to <see cref="Seq"/> (markers only move forward).</summary>
[EventName("conversation.read")]
public sealed record ConversationRead(Guid ConversationId, Guid UserId, long Seq, DateTimeOffset ReadAt);
