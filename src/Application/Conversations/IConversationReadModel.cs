namespace EventChat.Application.Conversations;

/// <summary>The conversations read models (messages, members, summaries), for queries. Each read is one indexed range read.</summary>
public interface IConversationReadModel
{
    /// <summary>Whether <paramref name="userId"/> is a member as the read model stands (removed members are not).</summary>
    Task<bool> IsMemberAsync(Guid conversationId, Guid userId, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="uploadId"/> was sent, and not recalled, in a conversation <paramref name="userId"/> is a member of.</summary>
    Task<bool> WasSentToAsync(Guid uploadId, Guid userId, CancellationToken cancellationToken);

    /// <summary>The conversation with its members, or null.</summary>
    Task<ConversationView?> GetAsync(Guid conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// A page of at most <paramref name="limit"/> messages: ascending after <paramref name="afterSeq"/>, or descending
    /// before <paramref name="beforeSeq"/>, or the newest, descending, when neither is given.
    /// </summary>
    Task<MessagePage> GetMessagesAsync(Guid conversationId, long? afterSeq, long? beforeSeq, int limit, CancellationToken cancellationToken);

    /// <summary>The user's conversations, newest activity first, strictly older than <paramref name="before"/> (an opaque cursor).</summary>
    Task<ConversationList> ListAsync(Guid userId, string? before, int limit, CancellationToken cancellationToken);
}
