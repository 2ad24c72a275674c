namespace EventChat.Application.Accounts;

/// <summary>The users read model (built by the users projection), for queries.</summary>
public interface IUserReadModel
{
    /// <summary>The user's row, reflecting at least <paramref name="minPosition"/> when the read models have reached it (0: as it is).</summary>
    Task<UserView?> GetAsync(Guid userId, long minPosition, CancellationToken cancellationToken);

    /// <summary>Users whose username or nickname starts with <paramref name="prefix"/> (case-insensitive), by username.</summary>
    Task<IReadOnlyList<UserView>> SearchAsync(string prefix, int limit, CancellationToken cancellationToken);
}

/// <summary>A row of the users read model.</summary>
public sealed record UserView(
    Guid Id,
    string Username,
    string Email,
    string Nickname,
    string Bio,
    Guid? AvatarUploadId,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt);

/// <summary><c>GET /api/users/me</c> and the answer of a profile change.</summary>
public sealed record MyProfileView(
    Guid Id,
    string Username,
    string Email,
    string Nickname,
    string Bio,
    string? AvatarUrl,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt)
{
    public static MyProfileView From(UserView view, string? avatarUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Id, view.Username, view.Email, view.Nickname, view.Bio, avatarUrl, view.Roles, view.CreatedAt);
    }
}

/// <summary>What anyone signed in may see of a user.</summary>
public sealed record PublicProfileView(Guid Id, string Username, string Nickname, string Bio, string? AvatarUrl)
{
    public static PublicProfileView From(UserView view, string? avatarUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Id, view.Username, view.Nickname, view.Bio, avatarUrl);
    }
}
