using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Friends;
using Mediator;

namespace EventChat.Application.Friends.SendFriendRequest;

/// <summary><c>POST /api/friend-requests</c>: <see cref="Message"/> is normalized by the endpoint (NFKC) and trimmed when stored.</summary>
public sealed record SendFriendRequestCommand(Guid ToUserId, string Message) : ICommand<WriteResult<FriendRequestView>>;

/// <summary>
/// Sends a friend request, decided on the pair's stream: two users asking each other at the same moment both load
/// the pair at one version, one append wins and the other runs again and meets the pending request (409).
/// </summary>
public sealed class SendFriendRequestHandler(CommandRunner commands, ICurrentUser caller, IClock clock)
    : ICommandHandler<SendFriendRequestCommand, WriteResult<FriendRequestView>>
{
    public async ValueTask<WriteResult<FriendRequestView>> Handle(SendFriendRequestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var fromUserId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        if (command.ToUserId == fromUserId)
        {
            throw RefusedException.Invalid("toUserId", "You cannot send a friend request to yourself.");
        }

        var requestId = Guid.CreateVersion7();
        var pair = FriendPair.Of(new UserId(fromUserId), new UserId(command.ToUserId));
        var result = await commands.RunAsync(async (session, ct) =>
        {
            // The recipient must exist: asked of its stream, not of the users read model.
            var recipient = await session.LoadAsync(new UserId(command.ToUserId).Stream, User.Initial, User.Evolve, ct);
            if (!recipient.Exists)
            {
                throw RefusedException.NotFound("No such user.");
            }

            var friendship = await session.LoadAsync(pair.Stream, Friendship.Initial, Friendship.Evolve, ct);
            var events = FriendDecisions.SendRequest(friendship, requestId, fromUserId, command.ToUserId, command.Message.Trim(), clock.UtcNow);
            session.Append(pair.Stream, events);
            return FriendRules.ToView(events.Aggregate(friendship, Friendship.Evolve).Requests[requestId]);
        }, cancellationToken);
        return result;
    }
}
