using EventChat.Application.Abstractions;
using EventChat.Application.Accounts.Refresh;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Accounts.Logout;

/// <summary>Ends the login that issued <paramref name="RefreshToken"/>: its refresh tokens stop working.</summary>
public sealed record LogoutCommand(string RefreshToken) : ICommand<WriteResult<Unit>>;

public sealed class LogoutHandler(CommandRunner commands, IClock clock, ICurrentUser caller) : ICommandHandler<LogoutCommand, WriteResult<Unit>>
{
    public async ValueTask<WriteResult<Unit>> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sessionId = RefreshTokens.SessionIdOf(command.RefreshToken) ?? throw RefusedException.Unauthorized(RefreshTokensHandler.InvalidToken);
        var stream = new SessionId(sessionId).Stream;
        var hash = RefreshTokens.Hash(command.RefreshToken);

        // A rotation racing with the logout moves the session: the runner decides again, and the
        // session ends either way.
        var result = await commands.RunAsync(async (session, ct) =>
        {
            var state = await session.LoadAsync(stream, Session.Initial, Session.Evolve, ct);
            var belongsToSession = state.CurrentTokenHash == hash || state.UsedTokenHashes.Contains(hash);
            if (!state.Exists || state.UserId != caller.UserId || !belongsToSession)
            {
                // Someone else's or a made-up token: indistinguishable from an invalid one.
                throw RefusedException.Unauthorized(RefreshTokensHandler.InvalidToken);
            }

            session.Append(stream, SessionDecisions.Logout(state, clock.UtcNow));
            return Unit.Value;
        }, cancellationToken);
        return result;
    }
}
