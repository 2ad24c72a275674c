using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Friends;
using Mediator;

namespace EventChat.Application.Friends.BlockUser;

/// <summary>
/// <c>PUT /api/blocks/{userId}</c>: blocks a user. A pending request either way is cancelled in the same append; a
/// friendship stays. Blocking someone already blocked appends nothing (204 with position 0).
/// </summary>
public sealed record BlockUserCommand(Guid UserId) : ICommand<WriteResult<bool>>;

public sealed class BlockUserHandler(CommandRunner commands, ICurrentUser caller, IClock clock) : ICommandHandler<BlockUserCommand, WriteResult<bool>>
{
    public async ValueTask<WriteResult<bool>> Handle(BlockUserCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        if (command.UserId == callerId)
        {
            throw RefusedException.Invalid("userId", "You cannot block yourself.");
        }

        return await commands.DecideOnPairAsync(
            callerId,
            command.UserId,
            friendship => FriendDecisions.Block(friendship, callerId, command.UserId, clock.UtcNow),
            cancellationToken,
            check: async (session, ct) =>
            {
                var blocked = await session.LoadAsync(new UserId(command.UserId).Stream, User.Initial, User.Evolve, ct);
                if (!blocked.Exists)
                {
                    throw RefusedException.NotFound("No such user.");
                }
            });
    }
}
