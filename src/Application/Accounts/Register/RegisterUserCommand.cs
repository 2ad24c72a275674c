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

        // From here on the steps run to the end even if the client goes away: stopping between the
        // claims and the user's first event would leave the name blocked for a while.
        long emailVersion = 0;
        AppendResult result;
        var now = clock.UtcNow;
        IReadOnlyList<object> events;
        try
        {
            (var emailClaimed, emailVersion) = await claims.TryClaimAsync(UniqueValueKinds.Email, email, userId.Value, CancellationToken.None);
            if (!emailClaimed)
            {
                emailVersion = 0;
                throw new ConflictException("This email is already registered.");
            }

            events = UserDecisions.Register(
                User.Initial, userId.Value, username, email, command.Nickname, passwords.Hash(command.Password), options.IsConfiguredAdmin(username), now);
            result = await store.AppendAsync(
                new StreamName(StreamTypes.User, userId.StreamId), metadata.Wrap(events, userId.Value), ExpectedVersion.NoStream, CancellationToken.None);
        }
        catch
        {
            // Give back what this registration claimed, so a retry (or someone else) can have it at once.
            // Best effort: if the store itself is down, the orphan rule frees the claims later.
            await claims.TryReleaseAsync(UniqueValueKinds.Username, username, userId.Value, usernameVersion);
            if (emailVersion > 0)
            {
                await claims.TryReleaseAsync(UniqueValueKinds.Email, email, userId.Value, emailVersion);
            }

            throw;
        }

        var registered = (UserRegistered)events[0];
        return new RegisteredUser(userId.Value, registered.Username, registered.Email, registered.Nickname, now, result.LastPosition);
    }
}
