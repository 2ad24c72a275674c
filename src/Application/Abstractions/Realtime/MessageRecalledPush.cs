namespace EventChat.Application.Abstractions.Realtime;

/// <summary>The payload of <c>messageRecalled</c>.</summary>
public sealed record MessageRecalledPush(Guid ConversationId, long Seq, long Position);
