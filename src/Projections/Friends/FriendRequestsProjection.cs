using EventChat.Application.Abstractions;
using EventChat.Domain.Friends;
using EventChat.Projections.ReadModels;

namespace EventChat.Projections.Friends;

/// <summary>Builds <c>rm_friend_requests</c> from the pair streams: one row per request, one <c>On</c> per event.</summary>
public sealed class FriendRequestsProjection : RowProjection<FriendRequestRow>
{
    public const string ProjectionName = "friend-requests";

    public FriendRequestsProjection(ReadModelDbContextFactory contexts)
        : base(contexts)
    {
        On<FriendRequestSent>(e => e.RequestId, (row, e) => row ?? new FriendRequestRow
        {
            Id = e.RequestId,
            FromUserId = e.FromUserId,
            ToUserId = e.ToUserId,
            Message = e.Message,
            Status = "pending",
            CreatedAt = e.SentAt.UtcDateTime,
            UpdatedAt = e.SentAt.UtcDateTime,
        });
        On<FriendRequestAccepted>(e => e.RequestId, (row, e) => WithStatus(row, "accepted", e.AcceptedAt));
        On<FriendRequestRejected>(e => e.RequestId, (row, e) => WithStatus(row, "rejected", e.RejectedAt));
        On<FriendRequestCancelled>(e => e.RequestId, (row, e) => WithStatus(row, "cancelled", e.CancelledAt));
    }

    public override string Name => ProjectionName;

    public override ReadModelSet Writes => ReadModelSet.Friends;

    public override IReadOnlyList<string> Tables { get; } = ["rm_friend_requests"];

    private static FriendRequestRow? WithStatus(FriendRequestRow? row, string status, DateTimeOffset at)
    {
        if (row is null)
        {
            return null;
        }

        row.Status = status;
        row.UpdatedAt = at.UtcDateTime;
        return row;
    }
}
