using EventChat.Projections.ReadModels;

namespace EventChat.Projections.Friends;

/// <summary>A row of <c>rm_friend_requests</c>: one per request, its status as it stands; <see cref="LastPosition"/> is the last event applied.</summary>
public sealed class FriendRequestRow : IProjectedRow
{
    public Guid Id { get; set; }

    public Guid FromUserId { get; set; }

    public Guid ToUserId { get; set; }

    public string Message { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public long LastPosition { get; set; }
}
