using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.Auth;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Accounts.Login;
using EventChat.Application.Common;
using EventChat.Application.Common.Errors;
using EventChat.Domain.Sessions;
using EventChat.Domain.Users;
using Mediator;

namespace EventChat.Application.Accounts.Refresh;

public sealed record RefreshTokensCommand(string RefreshToken) : ICommand<TokenPair>;

/// <summary>
/// Rotation with reuse detection: the current token is exchanged for a new pair; a token that was
/// already exchanged means a copy exists, so the whole session (token family) is revoked.
/// Two refreshes racing with one token: the loser sees it used and revokes the family, as a thief would.
/// </summary>
public sealed class RefreshTokensHandler(
    IEventStore store,
    IAccessTokenIssuer tokens,
    IClock clock,
    ICurrentUser caller,
    AccountsOptions options,
    EventMetadataFactory metadata) : ICommandHandler<RefreshTokensCommand, TokenPair>
{
    public const string InvalidToken = "The refresh token is invalid, expired or revoked.";

    public async ValueTask<TokenPair> Handle(RefreshTokensCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sessionId = RefreshTokens.SessionIdOf(command.RefreshToken) ?? throw new UnauthorizedException(InvalidToken);
        var stream = new StreamName(StreamTypes.Session, Session.StreamIdFor(sessionId));
        var presentedHash = RefreshTokens.Hash(command.RefreshToken);

        while (true)
        {
            var (session, version) = await store.AggregateStreamAsync(stream.Id, Session.Initial, Session.Evolve, cancellationToken: cancellationToken);
            var now = clock.UtcNow;
            switch (SessionDecisions.Classify(session, presentedHash, now))
            {
                case RefreshOutcome.Refuse:
                    throw new UnauthorizedException(InvalidToken);

                case RefreshOutcome.ReuseDetected:
                    try
                    {
                        await store.AppendAsync(
                            stream,
                            metadata.Wrap(SessionDecisions.RevokeForReuse(session, presentedHash, caller.ClientIp, now), session.UserId),
                            ExpectedVersion.Exactly(version),
                            cancellationToken);
                        throw new UnauthorizedException(InvalidToken);
                    }
                    catch (WrongExpectedVersionException)
                    {
                        continue;
                    }

                case RefreshOutcome.Rotate:
                    var (user, _) = await store.AggregateStreamAsync(new UserId(session.UserId).StreamId, User.Initial, User.Evolve, cancellationToken: cancellationToken);
                    var newToken = RefreshTokens.New(sessionId);
                    try
                    {
                        var result = await store.AppendAsync(
                            stream,
                            metadata.Wrap(SessionDecisions.Rotate(session, RefreshTokens.Hash(newToken), now + options.RefreshTokenLifetime, now), session.UserId),
                            ExpectedVersion.Exactly(version),
                            cancellationToken);
                        var access = tokens.Issue(user.Id, user.Username, user.Roles, sessionId);
                        return new TokenPair(access.Token, newToken, "Bearer", access.ExpiresInSeconds, result.LastPosition);
                    }
                    catch (WrongExpectedVersionException)
                    {
                        // The session moved (a concurrent refresh or logout): decide again on its new state.
                        continue;
                    }
            }
        }
    }
}
