using EventChat.Domain.Common;

namespace EventChat.Domain.Accounts;

/// <summary>Pure decisions of the user aggregate: state + command → events, or a rejection.</summary>
public static class UserDecisions
{
    public static IReadOnlyList<object> Register(
        User state,
        Guid userId,
        string username,
        string email,
        string? nickname,
        string passwordScheme,
        string passwordHash,
        bool isConfiguredAdmin,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Exists)
        {
            throw RefusedException.Conflict("This user is already registered.");
        }

        var events = new List<object>
        {
            new UserRegistered(userId, username, email, string.IsNullOrWhiteSpace(nickname) ? username : nickname.Trim(), passwordScheme, passwordHash, now),
        };
        if (isConfiguredAdmin)
        {
            events.Add(new UserRolesChanged(userId, Roles.Normalize([Roles.Admin]), null, now));
        }

        return events;
    }

    public static IReadOnlyList<object> ChangeProfile(User state, string? nickname, string? bio, Guid? avatarUploadId, DateTimeOffset now)
    {
        EnsureExists(state);
        var newNickname = nickname?.Trim();
        var newBio = bio?.Trim();
        if ((newNickname is null || newNickname == state.Nickname)
            && (newBio is null || newBio == state.Bio)
            && (avatarUploadId is null || avatarUploadId == state.AvatarUploadId))
        {
            return [];
        }

        return [new UserProfileChanged(state.Id, newNickname, newBio, avatarUploadId, now)];
    }

    public static IReadOnlyList<object> SetRoles(User state, IEnumerable<string> roles, Guid changedBy, DateTimeOffset now)
    {
        EnsureExists(state);
        var normalized = Roles.Normalize(roles);
        return normalized.SequenceEqual(state.Roles) ? [] : [new UserRolesChanged(state.Id, normalized, changedBy, now)];
    }

    private static void EnsureExists(User state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Exists)
        {
            throw RefusedException.NotFound("The user does not exist.");
        }
    }
}
