using EventChat.Application.Abstractions;
using EventChat.Application.Common.Queries;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Friends.ListFriends;

/// <summary><c>GET /api/friends?limit=…&amp;before=…</c>: the caller's friends, newest friendship first.</summary>
public sealed record ListFriendsQuery(int Limit, string? Before, long? MinPosition) : IQuery<Page<FriendView>>;

public sealed class ListFriendsHandler(IFriendReadModel friends, ICurrentUser caller, IReadModelConsistency consistency)
    : IQueryHandler<ListFriendsQuery, Page<FriendView>>
{
    public async ValueTask<Page<FriendView>> Handle(ListFriendsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        var after = ListCursor.Parse(query.Before);
        var rows = await ReadModelReads.ReadAsync(
            consistency, ReadModelSet.Friends | ReadModelSet.Users, query.MinPosition, ct => friends.ListFriendsAsync(callerId, after, query.Limit + 1, ct), cancellationToken);
        return ListCursor.PageOf(rows, query.Limit, f => new ListCursor(f.Since, f.UserId));
    }
}
