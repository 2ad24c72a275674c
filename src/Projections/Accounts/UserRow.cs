namespace EventChat.Projections.Accounts;

/// <summary>A row of <c>rm_users</c>. <see cref="Roles"/> is comma-separated; <see cref="LastPosition"/> is the last event applied.</summary>
public sealed class UserRow : EventChat.Projections.ReadModels.IProjectedRow
{
    public Guid Id { get; set; }

    public string Username { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string Nickname { get; set; } = string.Empty;

    public string Bio { get; set; } = string.Empty;

    public Guid? AvatarUploadId { get; set; }

    public string Roles { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public long LastPosition { get; set; }
}
