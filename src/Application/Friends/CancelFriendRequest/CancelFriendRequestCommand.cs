using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Common;
using EventChat.Domain.Friends;
using Mediator;

namespace EventChat.Application.Friends.CancelFriendRequest;

public sealed record CancelFriendRequestCommand(Guid RequestId) : ICommand<WriteResult<FriendRequestView>>;

/// <summary>The sender takes back a pending request; racing an accept on the pair's stream, exactly one of the two wins.</summary>
public sealed class CancelFriendRequestHandler(
    CommandRunner commands, IFriendReadModel friends, IReadModelConsistency consistency, ICurrentUser caller, IClock clock)
    : ICommandHandler<CancelFriendRequestCommand, WriteResult<FriendRequestView>>
{
    public async ValueTask<WriteResult<FriendRequestView>> Handle(CancelFriendRequestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        var pair = await FriendRequestLocator.PairOfAsync(friends, consistency, command.RequestId, callerId, cancellationToken);
        return await commands.RunAsync(async (session, ct) =>
        {
            var friendship = await session.LoadAsync(pair.Stream, Friendship.Initial, Friendship.Evolve, ct);
            var events = FriendDecisions.Cancel(friendship, command.RequestId, callerId, clock.UtcNow);
            session.Append(pair.Stream, events);
            return FriendRules.ToView(events.Aggregate(friendship, Friendship.Evolve).Requests[command.RequestId]);
        }, cancellationToken);
    }
}
