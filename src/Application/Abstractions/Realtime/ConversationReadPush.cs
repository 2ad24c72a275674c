namespace EventChat.Application.Abstractions.Realtime;

/// <summary>The payload of <c>conversationRead</c>: <see cref="UserId"/> read up to <see cref="Seq"/>.</summary>
public sealed record ConversationReadPush(Guid ConversationId, Guid UserId, long Seq, long Position);
