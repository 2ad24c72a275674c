namespace EventChat.Application.Abstractions.Realtime;

/// <summary>Who is in a conversation, as the realtime path asks it (typing): from a cache, not the read models.</summary>
public interface IConversationMembers
{
    /// <summary>The current members (none when the conversation does not exist or has ended).</summary>
    Task<IReadOnlyCollection<Guid>> GetMembersAsync(Guid conversationId, CancellationToken cancellationToken);
}
