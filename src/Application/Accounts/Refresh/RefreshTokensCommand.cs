using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.Auth;
using EventChat.Application.Accounts.Login;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Accounts.Refresh;

public sealed record RefreshTokensCommand(string RefreshToken) : ICommand<WriteResult<TokenPair>>;

/// <summary>
/// Rotation with reuse detection: the current token is exchanged for a new pair; a token that was
/// already exchanged means a copy exists, so the whole session (token family) is revoked.
/// Two refreshes racing with one token: the loser runs again, sees the token used and revokes the
/// family, as a thief would.
/// </summary>
public sealed class RefreshTokensHandler(
    CommandRunner commands,
    IAccessTokenIssuer tokens,
    IClock clock,
    ICurrentUser caller,
    AccountsOptions options) : ICommandHandler<RefreshTokensCommand, WriteResult<TokenPair>>
{
    public const string InvalidToken = "The refresh token is invalid, expired or revoked.";

    public async ValueTask<WriteResult<TokenPair>> Handle(RefreshTokensCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sessionId = RefreshTokens.SessionIdOf(command.RefreshToken) ?? throw RefusedException.Unauthorized(InvalidToken);
        var stream = new SessionId(sessionId).Stream;
        var presentedHash = RefreshTokens.Hash(command.RefreshToken);

        var result = await commands.RunAsync<Rotated?>(async (session, ct) =>
        {
            var state = await session.LoadAsync(stream, Session.Initial, Session.Evolve, ct);
            var now = clock.UtcNow;
            switch (SessionDecisions.Classify(state, presentedHash, now))
            {
                case RefreshOutcome.ReuseDetected:
                    session.Append(stream, SessionDecisions.RevokeForReuse(state, presentedHash, caller.ClientIp, now), state.UserId);
                    return null;

                case RefreshOutcome.Rotate:
                    var user = await session.LoadAsync(new UserId(state.UserId).Stream, User.Initial, User.Evolve, ct);
                    var newToken = RefreshTokens.New(sessionId);
                    session.Append(stream, SessionDecisions.Rotate(state, RefreshTokens.Hash(newToken), now + options.RefreshTokenLifetime, now), state.UserId);
                    return new Rotated(user, newToken);

                default:
                    throw RefusedException.Unauthorized(InvalidToken);
            }
        }, cancellationToken);

        var rotated = result.Value ?? throw RefusedException.Unauthorized(InvalidToken);
        var access = tokens.Issue(rotated.User.Id, rotated.User.Username, rotated.User.Roles, sessionId);
        return new(new TokenPair(access.Token, rotated.RefreshToken, "Bearer", access.ExpiresInSeconds), result.Position);
    }

    private sealed record Rotated(User User, string RefreshToken);
}
