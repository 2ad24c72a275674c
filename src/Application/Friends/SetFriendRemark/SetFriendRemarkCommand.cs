using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Common;
using EventChat.Domain.Friends;
using Mediator;

namespace EventChat.Application.Friends.SetFriendRemark;

/// <summary><c>PUT /api/friends/{userId}/remark</c>: the caller's private alias for a friend (normalized by the endpoint; empty clears it).</summary>
public sealed record SetFriendRemarkCommand(Guid FriendId, string Remark) : ICommand<WriteResult<bool>>;

public sealed class SetFriendRemarkHandler(CommandRunner commands, ICurrentUser caller, IClock clock) : ICommandHandler<SetFriendRemarkCommand, WriteResult<bool>>
{
    public async ValueTask<WriteResult<bool>> Handle(SetFriendRemarkCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        if (command.FriendId == callerId)
        {
            throw RefusedException.NotFound("This user is not your friend.");
        }

        return await commands.DecideOnPairAsync(
            callerId,
            command.FriendId,
            friendship => FriendDecisions.SetRemark(friendship, callerId, command.FriendId, command.Remark.Trim(), clock.UtcNow),
            cancellationToken);
    }
}
