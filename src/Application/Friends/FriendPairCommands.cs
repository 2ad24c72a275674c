using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Friends;

namespace EventChat.Application.Friends;

/// <summary>The one shape of the friends commands: fold the pair's stream, decide, append with the version folded.</summary>
public static class FriendPairCommands
{
    /// <summary>
    /// Decides on the pair of <paramref name="callerId"/> and <paramref name="otherId"/> (distinct: callers refuse
    /// themselves first, each with its own status). <paramref name="check"/> runs first in the same session, for what
    /// the decision needs from other streams (that the other user exists).
    /// </summary>
    public static Task<WriteResult<bool>> DecideOnPairAsync(
        this CommandRunner commands,
        Guid callerId,
        Guid otherId,
        Func<Friendship, IReadOnlyList<object>> decide,
        CancellationToken cancellationToken,
        Func<CommandSession, CancellationToken, Task>? check = null)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(decide);
        var pair = FriendPair.Of(new UserId(callerId), new UserId(otherId));
        return commands.RunAsync(async (session, ct) =>
        {
            if (check is not null)
            {
                await check(session, ct);
            }

            var friendship = await session.LoadAsync(pair.Stream, Friendship.Initial, Friendship.Evolve, ct);
            session.Append(pair.Stream, decide(friendship));
            return true;
        }, cancellationToken);
    }
}
