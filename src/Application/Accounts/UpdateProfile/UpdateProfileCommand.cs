using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Uploads;
using Mediator;

namespace EventChat.Application.Accounts.UpdateProfile;

public sealed record UpdateProfileCommand(string? Nickname, string? Bio, Guid? AvatarUploadId) : ICommand<WriteResult<MyProfileView>>;

/// <summary>
/// Changes the caller's profile. The answer is the user's state folded from its stream, so it is
/// current even before the read model catches up.
/// </summary>
public sealed class UpdateProfileHandler(CommandRunner commands, ICurrentUser caller, IClock clock, IObjectStorage storage)
    : ICommandHandler<UpdateProfileCommand, WriteResult<MyProfileView>>
{
    public async ValueTask<WriteResult<MyProfileView>> Handle(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = new UserId(caller.UserId ?? throw RefusedException.Unauthorized("Sign in first."));
        var result = await commands.RunAsync(async (session, ct) =>
        {
            if (command.AvatarUploadId is { } avatarId)
            {
                // Uploads never change once stored: the check reads their stream, consistent right after the upload.
                var upload = await session.LoadAsync(new UploadId(avatarId).Stream, Upload.Initial, Upload.Evolve, ct);
                if (!upload.Exists || upload.OwnerId != userId.Value || !upload.IsImage)
                {
                    throw RefusedException.Invalid("avatarUploadId", "Must be an image you uploaded.");
                }
            }

            var user = await session.LoadAsync(userId.Stream, User.Initial, User.Evolve, ct);
            var events = UserDecisions.ChangeProfile(user, command.Nickname, command.Bio, command.AvatarUploadId, clock.UtcNow);
            session.Append(userId.Stream, events);
            return events.Aggregate(user, User.Evolve);
        }, cancellationToken);

        var user = result.Value;
        var avatarUrl = await storage.ForAsync(user.AvatarUploadId, cancellationToken);
        return new(new MyProfileView(user.Id, user.Username, user.Email, user.Nickname, user.Bio, avatarUrl, user.Roles, user.CreatedAt), result.Position);
    }
}
