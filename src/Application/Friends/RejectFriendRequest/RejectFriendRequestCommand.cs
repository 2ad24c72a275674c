using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Common;
using EventChat.Domain.Friends;
using Mediator;

namespace EventChat.Application.Friends.RejectFriendRequest;

public sealed record RejectFriendRequestCommand(Guid RequestId) : ICommand<WriteResult<FriendRequestView>>;

/// <summary>The recipient declines a pending request (decided on the pair's stream).</summary>
public sealed class RejectFriendRequestHandler(
    CommandRunner commands, IFriendReadModel friends, IReadModelConsistency consistency, ICurrentUser caller, IClock clock)
    : ICommandHandler<RejectFriendRequestCommand, WriteResult<FriendRequestView>>
{
    public async ValueTask<WriteResult<FriendRequestView>> Handle(RejectFriendRequestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        var pair = await FriendRequestLocator.PairOfAsync(friends, consistency, command.RequestId, callerId, cancellationToken);
        return await commands.RunAsync(async (session, ct) =>
        {
            var friendship = await session.LoadAsync(pair.Stream, Friendship.Initial, Friendship.Evolve, ct);
            var events = FriendDecisions.Reject(friendship, command.RequestId, callerId, clock.UtcNow);
            session.Append(pair.Stream, events);
            return FriendRules.ToView(events.Aggregate(friendship, Friendship.Evolve).Requests[command.RequestId]);
        }, cancellationToken);
    }
}
