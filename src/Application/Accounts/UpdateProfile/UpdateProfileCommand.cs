using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Accounts.UpdateProfile;

public sealed record UpdateProfileCommand(string? Nickname, string? Bio, Guid? AvatarUploadId) : ICommand<WriteResult<MyProfileView>>;

/// <summary>
/// Changes the caller's profile. The answer is the user's state folded from its stream, so it is
/// current even before the read model catches up.
/// </summary>
public sealed class UpdateProfileHandler(CommandRunner commands, ICurrentUser caller, IClock clock)
    : ICommandHandler<UpdateProfileCommand, WriteResult<MyProfileView>>
{
    public async ValueTask<WriteResult<MyProfileView>> Handle(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = new UserId(caller.UserId ?? throw RefusedException.Unauthorized("Sign in first."));
        if (command.AvatarUploadId is not null)
        {
            // Uploads arrive with the media issue; until then no upload can be the caller's image.
            throw RefusedException.Invalid("avatarUploadId", "No image upload of yours has this id.");
        }

        var result = await commands.RunAsync(async (session, ct) =>
        {
            var user = await session.LoadAsync(userId.Stream, User.Initial, User.Evolve, ct);
            var events = UserDecisions.ChangeProfile(user, command.Nickname, command.Bio, command.AvatarUploadId, clock.UtcNow);
            session.Append(userId.Stream, events);
            return events.Aggregate(user, User.Evolve);
        }, cancellationToken);

        var user = result.Value;
        return new(new MyProfileView(user.Id, user.Username, user.Email, user.Nickname, user.Bio, null, user.Roles, user.CreatedAt), result.Position);
    }
}
