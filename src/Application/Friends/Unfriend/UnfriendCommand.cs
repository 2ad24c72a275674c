using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
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

        return await commands.DecideOnPairAsync(
            callerId, command.FriendId, friendship => FriendDecisions.Unfriend(friendship, callerId, command.FriendId, clock.UtcNow), cancellationToken);
    }
}
