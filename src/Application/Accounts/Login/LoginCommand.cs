using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.Auth;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Accounts.Login;

public sealed record LoginCommand(string Login, string Password) : ICommand<WriteResult<TokenPair>>;

/// <summary>The answer of login and refresh.</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary>
/// Finds the user by username or email through the claim streams (consistent: no read-model lag right
/// after sign-up), checks the password, and starts a session (one refresh-token family). Failures are
/// recorded as events; unknown user and wrong password get the same answer and take the same time.
/// </summary>
public sealed class LoginHandler(
    CommandRunner commands,
    IEventStore store,
    IPasswordHasher passwords,
    IAccessTokenIssuer tokens,
    IClock clock,
    ICurrentUser caller,
    AccountsOptions options) : ICommandHandler<LoginCommand, WriteResult<TokenPair>>
{
    public const string InvalidCredentials = "Invalid login or password.";

    // Checked when the user is unknown, so that both failures cost one password check.
    private static string? _dummyHash;

    public async ValueTask<WriteResult<TokenPair>> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var login = command.Login.Trim();
        var kind = login.Contains('@', StringComparison.Ordinal) ? UniqueValueKinds.Email : UniqueValueKinds.Username;
        var ownerId = await store.ResolveClaimOwnerAsync(kind, login, cancellationToken);

        var result = await commands.RunAsync<SignedIn?>(async (session, ct) =>
        {
            var user = ownerId is null ? User.Initial : await session.LoadAsync(new UserId(ownerId.Value).Stream, User.Initial, User.Evolve, ct);
            var now = clock.UtcNow;
            if (!user.Exists)
            {
                _dummyHash ??= passwords.Hash(Guid.NewGuid().ToString("N"));
                passwords.Verify(command.Password, _dummyHash);
                session.AppendToLog(
                    LoginFailedForUnknownUser.StreamFor(now),
                    [new LoginFailedForUnknownUser(RefreshTokens.Hash(login.ToLowerInvariant()), caller.ClientIp, now)]);
                return null;
            }

            // A hash of another scheme than this build makes cannot be checked by it: the login fails as a wrong password would.
            if (user.PasswordScheme != passwords.Scheme || !passwords.Verify(command.Password, user.PasswordHash))
            {
                session.AppendToLog(new UserId(user.Id).LoginFailuresStream, [new UserLoginFailed(user.Id, "wrong-password", now)], user.Id);
                return null;
            }

            var sessionId = Guid.CreateVersion7();
            var refreshToken = RefreshTokens.New(sessionId);
            session.AppendNew(
                new SessionId(sessionId).Stream,
                [new SessionStarted(sessionId, user.Id, RefreshTokens.Hash(refreshToken), now + options.RefreshTokenLifetime, caller.ClientIp, caller.UserAgent, now)],
                user.Id);
            return new SignedIn(user, sessionId, refreshToken);
        }, cancellationToken);

        var signedIn = result.Value ?? throw RefusedException.Unauthorized(InvalidCredentials);
        var access = tokens.Issue(signedIn.User.Id, signedIn.User.Username, signedIn.User.Roles, signedIn.SessionId);
        return new(new TokenPair(access.Token, signedIn.RefreshToken, "Bearer", access.ExpiresInSeconds), result.Position);
    }

    private sealed record SignedIn(User User, Guid SessionId, string RefreshToken);
}
