using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Accounts;
using EventChat.Application.Common;
using EventChat.Application.Common.Errors;
using EventChat.Domain.Users;
using Mediator;

namespace EventChat.Application.Users.SetRoles;

/// <summary>An admin sets a user's roles (the complete set; "user" is always kept).</summary>
public sealed record SetUserRolesCommand(Guid UserId, IReadOnlyList<string> Roles) : ICommand<UserRolesResult>;

public sealed record UserRolesResult(Guid UserId, IReadOnlyList<string> Roles, long? Position);

public sealed class SetUserRolesHandler(IEventStore store, ICurrentUser caller, IClock clock, EventMetadataFactory metadata)
    : ICommandHandler<SetUserRolesCommand, UserRolesResult>
{
    public async ValueTask<UserRolesResult> Handle(SetUserRolesCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var adminId = caller.UserId ?? throw new UnauthorizedException("Sign in first.");
        if (!caller.IsInRole(Roles.Admin))
        {
            throw new ForbiddenException("Only an admin can change roles.");
        }

        var userId = new UserId(command.UserId);
        var (user, _) = await store.AggregateStreamAsync(userId.StreamId, User.Initial, User.Evolve, cancellationToken: cancellationToken);
        if (!user.Exists)
        {
            throw new NotFoundException("No such user.");
        }

        var events = UserDecisions.SetRoles(user, command.Roles, adminId, clock.UtcNow);
        if (events.Count == 0)
        {
            return new UserRolesResult(user.Id, user.Roles, null);
        }

        var result = await store.AppendAsync(
            new StreamName(StreamTypes.User, userId.StreamId), metadata.Wrap(events), ExpectedVersion.Any, cancellationToken);
        return new UserRolesResult(user.Id, ((UserRolesChanged)events[0]).Roles, result.LastPosition);
    }
}
