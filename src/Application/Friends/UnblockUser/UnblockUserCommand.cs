using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Common;
using EventChat.Domain.Friends;
using Mediator;

namespace EventChat.Application.Friends.UnblockUser;

/// <summary><c>DELETE /api/blocks/{userId}</c>: lifts the caller's block. Unblocking someone not blocked appends nothing (204, position 0).</summary>
public sealed record UnblockUserCommand(Guid UserId) : ICommand<WriteResult<bool>>;

public sealed class UnblockUserHandler(CommandRunner commands, ICurrentUser caller, IClock clock) : ICommandHandler<UnblockUserCommand, WriteResult<bool>>
{
    public async ValueTask<WriteResult<bool>> Handle(UnblockUserCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        if (command.UserId == callerId)
        {
            throw RefusedException.Invalid("userId", "You cannot unblock yourself.");
        }

        return await commands.DecideOnPairAsync(
            callerId, command.UserId, friendship => FriendDecisions.Unblock(friendship, callerId, command.UserId, clock.UtcNow), cancellationToken);
    }
}
