namespace EventChat.Domain.Accounts;

/// <summary>The user aggregate's state, folded from its stream.</summary>
public sealed record User(
    Guid Id,
    string Username,
    string Email,
    string Nickname,
    string Bio,
    Guid? AvatarUploadId,
    string PasswordScheme,
    string PasswordHash,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static User Initial { get; } = new(Guid.Empty, string.Empty, string.Empty, string.Empty, string.Empty, null, string.Empty, string.Empty, [], default, default);

    public bool Exists => Id != Guid.Empty;

    public static User Evolve(User state, object @event) => @event switch
    {
        UserRegistered e => state with
        {
            Id = e.UserId,
            Username = e.Username,
            Email = e.Email,
            Nickname = e.Nickname,
            PasswordScheme = e.PasswordScheme,
            PasswordHash = e.PasswordHash,
            Roles = [Accounts.Roles.User],
            CreatedAt = e.RegisteredAt,
            UpdatedAt = e.RegisteredAt,
        },
        UserProfileChanged e => state with
        {
            Nickname = e.Nickname ?? state.Nickname,
            Bio = e.Bio ?? state.Bio,
            AvatarUploadId = e.AvatarUploadId ?? state.AvatarUploadId,
            UpdatedAt = e.ChangedAt,
        },
        UserRolesChanged e => state with { Roles = e.Roles, UpdatedAt = e.ChangedAt },
        _ => state,
    };
}
