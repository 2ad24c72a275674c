using EventChat.Application.Abstractions;
using EventChat.Application.Common.Queries;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Friends.GetFriendRequest;

/// <summary><c>GET /api/friend-requests/{id}</c> (the <c>Location</c> of a new request): for its sender and recipient only.</summary>
public sealed record GetFriendRequestQuery(Guid RequestId, long? MinPosition) : IQuery<FriendRequestView>;

public sealed class GetFriendRequestHandler(IFriendReadModel friends, ICurrentUser caller, IReadModelConsistency consistency)
    : IQueryHandler<GetFriendRequestQuery, FriendRequestView>
{
    public async ValueTask<FriendRequestView> Handle(GetFriendRequestQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        var view = await ReadModelReads.ReadAsync(consistency, ReadModelSet.Friends | ReadModelSet.Users, query.MinPosition, ct => friends.FindRequestAsync(query.RequestId, ct), cancellationToken);
        return view is not null && (view.FromUserId == callerId || view.ToUserId == callerId)
            ? view
            : throw RefusedException.NotFound("No such friend request.");
    }
}
