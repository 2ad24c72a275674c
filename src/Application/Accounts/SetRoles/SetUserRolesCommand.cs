using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Accounts.SetRoles;

/// <summary>An admin sets a user's roles (the complete set; "user" is always kept).</summary>
public sealed record SetUserRolesCommand(Guid UserId, IReadOnlyList<string> Roles) : ICommand<WriteResult<UserRolesResult>>;

public sealed record UserRolesResult(Guid UserId, IReadOnlyList<string> Roles);

public sealed class SetUserRolesHandler(CommandRunner commands, ICurrentUser caller, IClock clock)
    : ICommandHandler<SetUserRolesCommand, WriteResult<UserRolesResult>>
{
    public async ValueTask<WriteResult<UserRolesResult>> Handle(SetUserRolesCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var adminId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        if (!caller.IsInRole(Roles.Admin))
        {
            throw RefusedException.Forbidden("Only an admin can change roles.");
        }

        var userId = new UserId(command.UserId);
        var result = await commands.RunAsync(async (session, ct) =>
        {
            var user = await session.LoadAsync(userId.Stream, User.Initial, User.Evolve, ct);
            if (!user.Exists)
            {
                throw RefusedException.NotFound("No such user.");
            }

            var events = UserDecisions.SetRoles(user, command.Roles, adminId, clock.UtcNow);
            session.Append(userId.Stream, events);
            return events.Aggregate(user, User.Evolve).Roles;
        }, cancellationToken);

        return new(new UserRolesResult(command.UserId, result.Value), result.Position);
    }
}
