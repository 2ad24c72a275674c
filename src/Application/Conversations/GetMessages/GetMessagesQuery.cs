using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Application.Common.Queries;
using EventChat.Domain.Conversations;
using Mediator;

namespace EventChat.Application.Conversations.GetMessages;

/// <summary>History: after <see cref="AfterSeq"/> ascending, before <see cref="BeforeSeq"/> descending, or the newest page.</summary>
public sealed record GetMessagesQuery(Guid ConversationId, long? AfterSeq, long? BeforeSeq, int Limit, long? MinPosition) : IQuery<MessagePage>;

public sealed class GetMessagesHandler(IConversationReadModel conversations, IReadModelConsistency consistency, ICurrentUser caller, IObjectStorage storage)
    : IQueryHandler<GetMessagesQuery, MessagePage>
{
    public async ValueTask<MessagePage> Handle(GetMessagesQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var me = caller.CallerId();
        return await ReadModelReads.ReadAsync(consistency, ReadModelSet.Conversations, query.MinPosition, async ct =>
        {
            if (!await conversations.IsMemberAsync(query.ConversationId, me, ct))
            {
                throw ConversationDecisions.NotFound();
            }

            var page = await conversations.GetMessagesAsync(query.ConversationId, query.AfterSeq, query.BeforeSeq, query.Limit, ct);
            return await page.WithUrlsAsync(storage, ct);
        }, cancellationToken);
    }
}
