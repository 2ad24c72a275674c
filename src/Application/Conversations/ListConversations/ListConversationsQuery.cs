using EventChat.Application.Abstractions;
using EventChat.Application.Common.Queries;
using Mediator;

namespace EventChat.Application.Conversations.ListConversations;

/// <summary>The caller's conversations, newest activity first, paged by the opaque cursor <see cref="Before"/>.</summary>
public sealed record ListConversationsQuery(int Limit, string? Before, long? MinPosition) : IQuery<ConversationList>;

public sealed class ListConversationsHandler(IConversationReadModel conversations, IReadModelConsistency consistency, ICurrentUser caller)
    : IQueryHandler<ListConversationsQuery, ConversationList>
{
    public async ValueTask<ConversationList> Handle(ListConversationsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var me = caller.CallerId();
        return await ReadModelReads.ReadAsync(consistency, ReadModelSet.Conversations | ReadModelSet.ConversationInbox, query.MinPosition, ct => conversations.ListAsync(me, query.Before, query.Limit, ct), cancellationToken);
    }
}
