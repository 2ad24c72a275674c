using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.Auth;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common;
using EventChat.Application.Common.Errors;
using EventChat.Domain.Users;
using Mediator;

namespace EventChat.Application.Accounts.Register;

public sealed record RegisterUserCommand(string Username, string Email, string Password, string? Nickname) : ICommand<RegisteredUser>;

public sealed record RegisteredUser(Guid Id, string Username, string Email, string Nickname, DateTimeOffset CreatedAt, long Position);

/// <summary>
/// Claims the username, then the email (each a stream-creation race), then writes the user's first
/// events. A lost race on the email gives the username back, so nothing half-registered remains.
/// </summary>
public sealed class RegisterUserHandler(
    IEventStore store,
    UniqueValueClaims claims,
    IPasswordHasher passwords,
    IClock clock,
    AccountsOptions options,
    EventMetadataFactory metadata) : ICommandHandler<RegisterUserCommand, RegisteredUser>
{
    public async ValueTask<RegisteredUser> Handle(RegisterUserCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var username = command.Username.Trim();
        var email = command.Email.Trim();
        var userId = UserId.New();

        var (usernameClaimed, usernameVersion) = await claims.TryClaimAsync(UniqueValueKinds.Username, username, userId.Value, cancellationToken);
        if (!usernameClaimed)
        {
            throw new ConflictException("This username is already taken.");
        }

        var (emailClaimed, _) = await claims.TryClaimAsync(UniqueValueKinds.Email, email, userId.Value, cancellationToken);
        if (!emailClaimed)
        {
            await claims.ReleaseAsync(UniqueValueKinds.Username, username, userId.Value, usernameVersion, CancellationToken.None);
            throw new ConflictException("This email is already registered.");
        }

        var now = clock.UtcNow;
        var events = UserDecisions.Register(
            User.Initial, userId.Value, username, email, command.Nickname, passwords.Hash(command.Password), options.IsConfiguredAdmin(username), now);
        var result = await store.AppendAsync(
            new StreamName(StreamTypes.User, userId.StreamId), metadata.Wrap(events, userId.Value), ExpectedVersion.NoStream, cancellationToken);

        var registered = (UserRegistered)events[0];
        return new RegisteredUser(userId.Value, registered.Username, registered.Email, registered.Nickname, now, result.LastPosition);
    }
}
