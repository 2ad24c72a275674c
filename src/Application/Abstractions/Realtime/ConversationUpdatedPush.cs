namespace EventChat.Application.Abstractions.Realtime;

/// <summary>The payload of <c>conversationUpdated</c> (created, renamed, announcement, members or roles changed, ended).</summary>
public sealed record ConversationUpdatedPush(Guid ConversationId, long Position);
