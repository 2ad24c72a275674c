using System.Globalization;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.Auth;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common;
using EventChat.Application.Common.Errors;
using EventChat.Domain.Sessions;
using EventChat.Domain.Users;
using Mediator;

namespace EventChat.Application.Accounts.Login;

public sealed record LoginCommand(string Login, string Password) : ICommand<TokenPair>;

/// <summary>The answer of login and refresh.</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn, long Position);

/// <summary>
/// Finds the user by username or email through the claim streams (consistent: no read-model lag right
/// after sign-up), checks the password, and starts a session (one refresh-token family). Failures are
/// recorded as events; unknown user and wrong password get the same answer and take the same time.
/// </summary>
public sealed class LoginHandler(
    IEventStore store,
    UniqueValueClaims claims,
    IPasswordHasher passwords,
    IAccessTokenIssuer tokens,
    IClock clock,
    ICurrentUser caller,
    AccountsOptions options,
    EventMetadataFactory metadata) : ICommandHandler<LoginCommand, TokenPair>
{
    public const string InvalidCredentials = "Invalid login or password.";

    // Checked when the user is unknown, so that both failures cost one password check.
    private static string? _dummyHash;

    public async ValueTask<TokenPair> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var login = command.Login.Trim();
        var kind = login.Contains('@', StringComparison.Ordinal) ? UniqueValueKinds.Email : UniqueValueKinds.Username;
        var ownerId = await claims.ResolveOwnerAsync(kind, login, cancellationToken);
        var (user, _) = ownerId is null
            ? (User.Initial, 0L)
            : await store.AggregateStreamAsync(new UserId(ownerId.Value).StreamId, User.Initial, User.Evolve, cancellationToken: cancellationToken);
        var now = clock.UtcNow;

        if (!user.Exists)
        {
            _dummyHash ??= passwords.Hash(Guid.NewGuid().ToString("N"));
            passwords.Verify(command.Password, _dummyHash);
            await store.AppendAsync(
                new StreamName(StreamTypes.AuthFailures, "auth-failures-" + now.ToString("yyyyMMdd", CultureInfo.InvariantCulture)),
                metadata.Wrap([new LoginFailedForUnknownUser(RefreshTokens.Hash(login.ToLowerInvariant()), caller.ClientIp, now)]),
                ExpectedVersion.Any,
                cancellationToken);
            throw new UnauthorizedException(InvalidCredentials);
        }

        if (!passwords.Verify(command.Password, user.PasswordHash))
        {
            await store.AppendAsync(
                new StreamName(StreamTypes.LoginFailures, $"login-failures-{user.Id:D}"),
                metadata.Wrap([new UserLoginFailed(user.Id, "wrong-password", now)], user.Id),
                ExpectedVersion.Any,
                cancellationToken);
            throw new UnauthorizedException(InvalidCredentials);
        }

        var sessionId = Guid.CreateVersion7();
        var refreshToken = RefreshTokens.New(sessionId);
        var started = new SessionStarted(
            sessionId, user.Id, RefreshTokens.Hash(refreshToken), now + options.RefreshTokenLifetime, caller.ClientIp, caller.UserAgent, now);
        var result = await store.AppendAsync(
            new StreamName(StreamTypes.Session, Session.StreamIdFor(sessionId)), metadata.Wrap([started], user.Id), ExpectedVersion.NoStream, cancellationToken);

        var access = tokens.Issue(user.Id, user.Username, user.Roles, sessionId);
        return new TokenPair(access.Token, refreshToken, "Bearer", access.ExpiresInSeconds, result.LastPosition);
    }
}
