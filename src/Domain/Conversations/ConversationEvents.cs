using EventChat.Domain.Common;

namespace EventChat.Domain.Conversations;

/// <summary>
/// The direct conversation of two users started (on <see cref="ConversationId.ForDirect"/>'s stream). Appended
/// in the same atomic append as the friendship when a friend request is accepted, or by
/// <c>POST /api/conversations {type: "direct"}</c> for friends whose conversation does not exist yet.
/// </summary>
[EventName("conversation.direct-started")]
public sealed record DirectConversationStarted(Guid ConversationId, Guid FirstUserId, Guid SecondUserId, DateTimeOffset StartedAt);
