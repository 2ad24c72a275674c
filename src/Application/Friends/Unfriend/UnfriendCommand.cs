using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Friends;
using Mediator;

namespace EventChat.Application.Friends.Unfriend;

/// <summary><c>DELETE /api/friends/{userId}</c>: both stop being friends. Their direct conversation stays.</summary>
public sealed record UnfriendCommand(Guid FriendId) : ICommand<WriteResult<bool>>;

public sealed class UnfriendHandler(CommandRunner commands, ICurrentUser caller, IClock clock) : ICommandHandler<UnfriendCommand, WriteResult<bool>>
{
    public async ValueTask<WriteResult<bool>> Handle(UnfriendCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        if (command.FriendId == callerId)
        {
            throw RefusedException.NotFound("This user is not your friend.");
        }

        var pair = FriendPair.Of(new UserId(callerId), new UserId(command.FriendId));
        return await commands.RunAsync(async (session, ct) =>
        {
            var friendship = await session.LoadAsync(pair.Stream, Friendship.Initial, Friendship.Evolve, ct);
            session.Append(pair.Stream, FriendDecisions.Unfriend(friendship, callerId, command.FriendId, clock.UtcNow));
            return true;
        }, cancellationToken);
    }
}
