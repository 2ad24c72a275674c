namespace EventChat.Domain.Friends;

/// <summary>Where a friend request stands.</summary>
public enum FriendRequestStatus
{
    Pending,
    Accepted,
    Rejected,
    Cancelled,
}

public sealed record FriendRequest(Guid Id, Guid FromUserId, Guid ToUserId, string Message, FriendRequestStatus Status, DateTimeOffset SentAt);

/// <summary>
/// The state of one pair (folded from <see cref="FriendPair.Stream"/>): its requests, whether the two are
/// friends (and their direct conversation), who blocks whom, and each side's remark for the other.
/// </summary>
public sealed record Friendship(
    IReadOnlyDictionary<Guid, FriendRequest> Requests,
    DateTimeOffset? FriendsSince,
    Guid? ConversationId,
    IReadOnlySet<Guid> Blockers,
    IReadOnlyDictionary<Guid, string> Remarks)
{
    public static Friendship Initial { get; } = new(
        new Dictionary<Guid, FriendRequest>(), null, null, new HashSet<Guid>(), new Dictionary<Guid, string>());

    public bool AreFriends => FriendsSince is not null;

    /// <summary>Either side blocks the other.</summary>
    public bool IsBlocked => Blockers.Count > 0;

    public bool Blocks(Guid blockerId) => Blockers.Contains(blockerId);

    /// <summary>The one pending request between the two, either way, if any.</summary>
    public FriendRequest? Pending => Requests.Values.FirstOrDefault(r => r.Status == FriendRequestStatus.Pending);

    public static Friendship Evolve(Friendship state, object @event) => @event switch
    {
        FriendRequestSent e => state with
        {
            Requests = With(state.Requests, new FriendRequest(e.RequestId, e.FromUserId, e.ToUserId, e.Message, FriendRequestStatus.Pending, e.SentAt)),
        },
        FriendRequestAccepted e => state with
        {
            Requests = WithStatus(state.Requests, e.RequestId, FriendRequestStatus.Accepted),
            FriendsSince = e.AcceptedAt,
            ConversationId = e.ConversationId,
        },
        FriendRequestRejected e => state with { Requests = WithStatus(state.Requests, e.RequestId, FriendRequestStatus.Rejected) },
        FriendRequestCancelled e => state with { Requests = WithStatus(state.Requests, e.RequestId, FriendRequestStatus.Cancelled) },

        // The direct conversation outlives the friendship (its history stays readable); remarks go with it.
        FriendshipEnded => state with { FriendsSince = null, Remarks = new Dictionary<Guid, string>() },
        FriendRemarkSet e => state with { Remarks = new Dictionary<Guid, string>(state.Remarks) { [e.OwnerId] = e.Remark } },
        UserBlocked e => state with { Blockers = new HashSet<Guid>(state.Blockers) { e.BlockerId } },
        UserUnblocked e => state with { Blockers = state.Blockers.Where(b => b != e.BlockerId).ToHashSet() },
        _ => state,
    };

    private static Dictionary<Guid, FriendRequest> With(IReadOnlyDictionary<Guid, FriendRequest> requests, FriendRequest request) =>
        new(requests) { [request.Id] = request };

    private static IReadOnlyDictionary<Guid, FriendRequest> WithStatus(IReadOnlyDictionary<Guid, FriendRequest> requests, Guid id, FriendRequestStatus status) =>
        requests.TryGetValue(id, out var request) ? With(requests, request with { Status = status }) : requests;
}
