namespace EventChat.Application.Abstractions.Realtime;

/// <summary>The payload of <c>typing</c>. <see cref="Position"/> is 0: typing is not an event of the log.</summary>
public sealed record TypingPush(Guid ConversationId, Guid UserId, long Position);
