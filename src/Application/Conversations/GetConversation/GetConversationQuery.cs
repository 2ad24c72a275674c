using EventChat.Application.Abstractions;
using EventChat.Application.Common.Queries;
using EventChat.Domain.Conversations;
using Mediator;

namespace EventChat.Application.Conversations.GetConversation;

public sealed record GetConversationQuery(Guid ConversationId, long? MinPosition) : IQuery<ConversationView>;

/// <summary>A conversation with its members; 404 unless the caller is one of them (ids do not leak).</summary>
public sealed class GetConversationHandler(IConversationReadModel conversations, IReadModelConsistency consistency, ICurrentUser caller)
    : IQueryHandler<GetConversationQuery, ConversationView>
{
    public async ValueTask<ConversationView> Handle(GetConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var me = caller.CallerId();
        var view = await ReadModelReads.ReadAsync(consistency, ReadModelSet.Conversations, query.MinPosition, ct => conversations.GetAsync(query.ConversationId, ct), cancellationToken);
        return view is not null && view.Members.Any(m => m.UserId == me) ? view : throw ConversationDecisions.NotFound();
    }
}
