namespace EventChat.Domain.Conversations;

public enum ConversationType
{
    None,
    Direct,
    Group,
}

/// <summary>The member roles of a group, as the API spells them. Both users of a direct conversation are members.</summary>
public static class ConversationRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
}

/// <summary>A member: <see cref="JoinOrder"/> breaks ties between members who joined in the same event (ownership passing).</summary>
public sealed record ConversationMember(Guid UserId, string Role, DateTimeOffset JoinedAt, int JoinOrder);

/// <summary>
/// The state of a conversation folded from its stream: its kind, members and roles, settings, and which messages
/// were recalled. It never holds messages, so folding it costs the same however long the conversation is.
/// </summary>
public sealed record Conversation(
    Guid Id,
    ConversationType Type,
    string Name,
    string Announcement,
    IReadOnlyDictionary<Guid, ConversationMember> Members,
    bool Ended,
    IReadOnlySet<long> Recalled,
    DateTimeOffset CreatedAt,
    int Joins)
{
    public const int MaxMembers = 500;

    public static Conversation Initial { get; } = new(
        Guid.Empty, ConversationType.None, string.Empty, string.Empty, new Dictionary<Guid, ConversationMember>(), false, new HashSet<long>(), default, 0);

    public bool Exists => Type != ConversationType.None;

    /// <summary>A current member of a conversation that exists and has not ended.</summary>
    public bool IsMember(Guid userId) => Exists && !Ended && Members.ContainsKey(userId);

    public string? RoleOf(Guid userId) => IsMember(userId) ? Members[userId].Role : null;

    public bool IsOwnerOrAdmin(Guid userId) => RoleOf(userId) is ConversationRoles.Owner or ConversationRoles.Admin;

    public static Conversation Evolve(Conversation state, object @event) => @event switch
    {
        DirectConversationStarted e => state with
        {
            Id = e.ConversationId,
            Type = ConversationType.Direct,
            CreatedAt = e.StartedAt,
            Members = new Dictionary<Guid, ConversationMember>
            {
                [e.FirstUserId] = new(e.FirstUserId, ConversationRoles.Member, e.StartedAt, 0),
                [e.SecondUserId] = new(e.SecondUserId, ConversationRoles.Member, e.StartedAt, 1),
            },
            Joins = 2,
        },
        GroupCreated e => Join(
            state with { Id = e.ConversationId, Type = ConversationType.Group, Name = e.Name, CreatedAt = e.CreatedAt, Members = new Dictionary<Guid, ConversationMember> { [e.OwnerId] = new(e.OwnerId, ConversationRoles.Owner, e.CreatedAt, 0) }, Joins = 1 },
            e.MemberIds,
            e.CreatedAt),
        GroupMembersAdded e => Join(state, e.UserIds, e.AddedAt),
        GroupMemberRemoved e => Without(state, e.UserId),
        GroupMemberLeft e => Without(state, e.UserId),
        GroupOwnershipPassed e => WithRole(WithRole(state, e.FromUserId, ConversationRoles.Member), e.ToUserId, ConversationRoles.Owner),
        GroupMemberRoleChanged e => WithRole(state, e.UserId, e.Role),
        GroupRenamed e => state with { Name = e.Name },
        GroupAnnouncementSet e => state with { Announcement = e.Announcement },
        GroupEnded => state with { Ended = true },
        MessageRecalled e => state with { Recalled = new HashSet<long>(state.Recalled) { e.Seq } },
        _ => state,
    };

    private static Conversation Join(Conversation state, IEnumerable<Guid> userIds, DateTimeOffset at)
    {
        var members = new Dictionary<Guid, ConversationMember>(state.Members);
        var joins = state.Joins;
        foreach (var id in userIds.Where(id => !members.ContainsKey(id)))
        {
            members[id] = new ConversationMember(id, ConversationRoles.Member, at, joins++);
        }

        return state with { Members = members, Joins = joins };
    }

    private static Conversation Without(Conversation state, Guid userId)
    {
        var members = new Dictionary<Guid, ConversationMember>(state.Members);
        members.Remove(userId);
        return state with { Members = members };
    }

    private static Conversation WithRole(Conversation state, Guid userId, string role)
    {
        if (!state.Members.TryGetValue(userId, out var member))
        {
            return state;
        }

        return state with { Members = new Dictionary<Guid, ConversationMember>(state.Members) { [userId] = member with { Role = role } } };
    }
}
