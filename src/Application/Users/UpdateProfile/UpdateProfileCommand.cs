using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Accounts;
using EventChat.Application.Common;
using EventChat.Application.Common.Errors;
using EventChat.Domain.Users;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace EventChat.Application.Users.UpdateProfile;

public sealed record UpdateProfileCommand(string? Nickname, string? Bio, Guid? AvatarUploadId) : ICommand<MyProfileView>;

/// <summary>
/// Changes the caller's profile. The answer is the user's state folded from its stream, so it is
/// current even before the read model catches up.
/// </summary>
public sealed class UpdateProfileHandler(IEventStore store, ICurrentUser caller, IClock clock, EventMetadataFactory metadata)
    : ICommandHandler<UpdateProfileCommand, MyProfileView>
{
    public async ValueTask<MyProfileView> Handle(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = new UserId(caller.UserId ?? throw new UnauthorizedException("Sign in first."));
        if (command.AvatarUploadId is not null)
        {
            // Uploads arrive with the media issue; until then no upload can be the caller's image.
            throw new ValidationException([new ValidationFailure(nameof(command.AvatarUploadId), "No image upload of yours has this id.")]);
        }

        var (user, _) = await store.AggregateStreamAsync(userId.StreamId, User.Initial, User.Evolve, cancellationToken: cancellationToken);
        var events = UserDecisions.ChangeProfile(user, command.Nickname, command.Bio, command.AvatarUploadId, clock.UtcNow);
        long? position = null;
        if (events.Count > 0)
        {
            var result = await store.AppendAsync(
                new StreamName(StreamTypes.User, userId.StreamId), metadata.Wrap(events), ExpectedVersion.Any, cancellationToken);
            position = result.LastPosition;
            user = events.Aggregate(user, User.Evolve);
        }

        return new MyProfileView(user.Id, user.Username, user.Email, user.Nickname, user.Bio, null, user.Roles, user.CreatedAt, position);
    }
}
