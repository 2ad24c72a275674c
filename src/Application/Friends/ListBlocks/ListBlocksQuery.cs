using EventChat.Application.Abstractions;
using EventChat.Application.Common.Queries;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Friends.ListBlocks;

/// <summary><c>GET /api/blocks?limit=…&amp;before=…</c>: the users the caller blocks, newest block first.</summary>
public sealed record ListBlocksQuery(int Limit, string? Before, long? MinPosition) : IQuery<Page<BlockedUserView>>;

public sealed class ListBlocksHandler(IFriendReadModel friends, ICurrentUser caller, IReadModelConsistency consistency)
    : IQueryHandler<ListBlocksQuery, Page<BlockedUserView>>
{
    public async ValueTask<Page<BlockedUserView>> Handle(ListBlocksQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        var after = ListCursor.Parse(query.Before);
        var rows = await ReadModelReads.ReadAsync(
            consistency, ReadModelSet.Friends | ReadModelSet.Users, query.MinPosition, ct => friends.ListBlocksAsync(callerId, after, query.Limit + 1, ct), cancellationToken);
        return ListCursor.PageOf(rows, query.Limit, b => new ListCursor(b.BlockedAt, b.UserId));
    }
}
