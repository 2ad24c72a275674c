using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.Auth;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Accounts.Register;

public sealed record RegisterUserCommand(string Username, string Email, string Password, string? Nickname) : ICommand<WriteResult<RegisteredUser>>;

public sealed record RegisteredUser(Guid Id, string Username, string Email, string Nickname, DateTimeOffset CreatedAt);

/// <summary>
/// One atomic append to three streams: the username's claim, the email's claim and the new user.
/// Two sign-ups racing for a name both expect its claim stream at the version they read; one wins,
/// the other runs again, sees the claim and gets 409. A refused registration writes nothing.
/// </summary>
public sealed class RegisterUserHandler(
    CommandRunner commands,
    IPasswordHasher passwords,
    IClock clock,
    AccountsOptions options) : ICommandHandler<RegisterUserCommand, WriteResult<RegisteredUser>>
{
    public async ValueTask<WriteResult<RegisteredUser>> Handle(RegisterUserCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var username = command.Username.Trim();
        var email = command.Email.Trim();
        var userId = UserId.New();
        var usernameClaim = UniqueValueClaim.StreamFor(UniqueValueKinds.Username, username);
        var emailClaim = UniqueValueClaim.StreamFor(UniqueValueKinds.Email, email);
        var passwordHash = passwords.Hash(command.Password);

        var result = await commands.RunAsync(async (session, ct) =>
        {
            if ((await session.LoadAsync(usernameClaim, UniqueValueClaim.Initial, UniqueValueClaim.Evolve, ct)).IsClaimed)
            {
                throw RefusedException.Conflict("This username is already taken.");
            }

            if ((await session.LoadAsync(emailClaim, UniqueValueClaim.Initial, UniqueValueClaim.Evolve, ct)).IsClaimed)
            {
                throw RefusedException.Conflict("This email is already registered.");
            }

            var now = clock.UtcNow;
            var events = UserDecisions.Register(
                User.Initial, userId.Value, username, email, command.Nickname, passwords.Scheme, passwordHash, options.IsConfiguredAdmin(username), now);
            session.Append(usernameClaim, [new UniqueValueClaimed(UniqueValueKinds.Username, username, userId.Value, now)], userId.Value);
            session.Append(emailClaim, [new UniqueValueClaimed(UniqueValueKinds.Email, email, userId.Value, now)], userId.Value);
            session.AppendNew(userId.Stream, events, userId.Value);
            return (UserRegistered)events[0];
        }, cancellationToken);

        var registered = result.Value;
        return new(new RegisteredUser(userId.Value, registered.Username, registered.Email, registered.Nickname, registered.RegisteredAt), result.Position);
    }
}
