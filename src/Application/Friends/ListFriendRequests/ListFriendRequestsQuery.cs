using EventChat.Application.Abstractions;
using EventChat.Application.Common.Queries;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Friends.ListFriendRequests;

/// <summary><c>GET /api/friend-requests?direction=incoming|outgoing&amp;status=…&amp;limit=…&amp;before=…</c>, newest first.</summary>
public sealed record ListFriendRequestsQuery(string Direction, string Status, int Limit, string? Before, long? MinPosition) : IQuery<Page<FriendRequestView>>;

public sealed class ListFriendRequestsHandler(IFriendReadModel friends, ICurrentUser caller, IReadModelConsistency consistency)
    : IQueryHandler<ListFriendRequestsQuery, Page<FriendRequestView>>
{
    public const string Incoming = "incoming";
    public const string Outgoing = "outgoing";

    public async ValueTask<Page<FriendRequestView>> Handle(ListFriendRequestsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        var after = ListCursor.Parse(query.Before);
        var rows = await ReadModelReads.ReadAsync(
            consistency,
            ReadModelSet.Friends | ReadModelSet.Users,
            query.MinPosition,
            ct => friends.ListRequestsAsync(callerId, query.Direction == Incoming, query.Status, after, query.Limit + 1, ct),
            cancellationToken);
        return ListCursor.PageOf(rows, query.Limit, r => new ListCursor(r.CreatedAt, r.Id));
    }
}
