using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
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

        var pair = FriendPair.Of(new UserId(callerId), new UserId(command.FriendId));
        return await commands.RunAsync(async (session, ct) =>
        {
            var friendship = await session.LoadAsync(pair.Stream, Friendship.Initial, Friendship.Evolve, ct);
            session.Append(pair.Stream, FriendDecisions.SetRemark(friendship, callerId, command.FriendId, command.Remark.Trim(), clock.UtcNow));
            return true;
        }, cancellationToken);
    }
}
