using EventChat.Domain.Common;

namespace EventChat.Domain.Conversations;

/// <summary>
/// The pure decisions on a conversation: state and a command's arguments in, events out, or a
/// <see cref="RefusedException"/>. What the decisions need from elsewhere (friendships, blocks, a message)
/// is loaded by the handler and passed in. A caller who is not a member always gets NotFound, so ids do not leak.
/// </summary>
public static class ConversationDecisions
{
    public const int MaxNameLength = 100;
    public const int MaxAnnouncementLength = 2000;
    public static readonly TimeSpan RecallWindow = TimeSpan.FromMinutes(2);

    public static RefusedException NotFound() => RefusedException.NotFound("No such conversation.");

    /// <summary>The direct conversation of two friends: nothing when it exists already (idempotent).</summary>
    public static IReadOnlyList<object> StartDirect(Conversation state, ConversationId id, Guid caller, Guid other, bool areFriends, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (caller == other)
        {
            throw RefusedException.Invalid("userId", "A direct conversation needs another user.");
        }

        if (!areFriends)
        {
            throw RefusedException.Forbidden("Only friends have a direct conversation.");
        }

        if (state.Exists)
        {
            return [];
        }

        var (first, second) = caller.CompareTo(other) < 0 ? (caller, other) : (other, caller);
        return [new DirectConversationStarted(id.Value, first, second, now)];
    }

    /// <summary>A new group owned by <paramref name="owner"/>; every member must be a friend of the owner.</summary>
    public static IReadOnlyList<object> CreateGroup(
        Conversation state, ConversationId id, Guid owner, string name, IReadOnlyList<Guid> memberIds, IReadOnlySet<Guid> friendsOfOwner, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(memberIds);
        ArgumentNullException.ThrowIfNull(friendsOfOwner);
        if (state.Exists)
        {
            throw RefusedException.Conflict("This conversation exists already.");
        }

        var trimmed = CheckName(name);
        var members = memberIds.Where(m => m != owner).Distinct().ToArray();
        if (members.Length + 1 > Conversation.MaxMembers)
        {
            throw RefusedException.Conflict($"A group has at most {Conversation.MaxMembers} members.");
        }

        if (members.Any(m => !friendsOfOwner.Contains(m)))
        {
            throw RefusedException.Forbidden("Every member of a new group must be a friend of its creator.");
        }

        return [new GroupCreated(id.Value, owner, trimmed, members, now)];
    }

    /// <summary>Renames a group or sets its announcement (owner or admin); records only what changes.</summary>
    public static IReadOnlyList<object> Update(Conversation state, Guid actor, string? name, string? announcement, DateTimeOffset now)
    {
        RequireGroupAdmin(state, actor);
        var events = new List<object>();
        if (name is not null)
        {
            var trimmed = CheckName(name);
            if (trimmed != state.Name)
            {
                events.Add(new GroupRenamed(state.Id, trimmed, actor, now));
            }
        }

        if (announcement is not null)
        {
            var trimmed = announcement.Trim();
            if (trimmed.Length > MaxAnnouncementLength)
            {
                throw RefusedException.Invalid("announcement", $"announcement must be at most {MaxAnnouncementLength} characters.");
            }

            if (trimmed != state.Announcement)
            {
                events.Add(new GroupAnnouncementSet(state.Id, trimmed, actor, now));
            }
        }

        return events;
    }

    /// <summary>Adds friends of <paramref name="actor"/> (owner or admin); users who are members already are skipped.</summary>
    public static IReadOnlyList<object> AddMembers(Conversation state, Guid actor, IReadOnlyList<Guid> userIds, IReadOnlySet<Guid> friendsOfActor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(friendsOfActor);
        RequireGroupAdmin(state, actor);
        var added = userIds.Distinct().Where(u => !state.Members.ContainsKey(u)).ToArray();
        if (added.Length == 0)
        {
            return [];
        }

        if (added.Any(u => !friendsOfActor.Contains(u)))
        {
            throw RefusedException.Forbidden("Only your friends can be added to a group.");
        }

        if (state.Members.Count + added.Length > Conversation.MaxMembers)
        {
            throw RefusedException.Conflict($"A group has at most {Conversation.MaxMembers} members.");
        }

        return [new GroupMembersAdded(state.Id, actor, added, now)];
    }

    /// <summary>An owner or admin removes a member; a member removing themselves leaves.</summary>
    public static IReadOnlyList<object> RemoveMember(Conversation state, Guid actor, Guid target, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsMember(actor))
        {
            throw NotFound();
        }

        if (state.Type != ConversationType.Group)
        {
            throw RefusedException.Conflict("Nobody can be removed from a direct conversation.");
        }

        if (actor == target)
        {
            return Leave(state, actor, now);
        }

        if (!state.IsOwnerOrAdmin(actor))
        {
            throw RefusedException.Forbidden("Only the owner or an admin removes members.");
        }

        var role = state.RoleOf(target) ?? throw RefusedException.NotFound("That user is not a member of this group.");
        if (role == ConversationRoles.Owner || (role == ConversationRoles.Admin && state.RoleOf(actor) != ConversationRoles.Owner))
        {
            throw RefusedException.Forbidden("Only the owner removes admins, and nobody removes the owner.");
        }

        return [new GroupMemberRemoved(state.Id, target, actor, now)];
    }

    /// <summary>
    /// A member leaves. The owner's leaving passes ownership to the longest-standing admin, else the
    /// longest-standing member; the last member's leaving ends the group.
    /// </summary>
    public static IReadOnlyList<object> Leave(Conversation state, Guid user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsMember(user))
        {
            throw NotFound();
        }

        if (state.Type != ConversationType.Group)
        {
            throw RefusedException.Conflict("A direct conversation cannot be left.");
        }

        var events = new List<object> { new GroupMemberLeft(state.Id, user, now) };
        var others = state.Members.Values.Where(m => m.UserId != user).ToArray();
        if (others.Length == 0)
        {
            events.Add(new GroupEnded(state.Id, now));
        }
        else if (state.RoleOf(user) == ConversationRoles.Owner)
        {
            var successor = others
                .OrderBy(m => m.Role == ConversationRoles.Admin ? 0 : 1)
                .ThenBy(m => m.JoinedAt)
                .ThenBy(m => m.JoinOrder)
                .First();
            events.Add(new GroupOwnershipPassed(state.Id, user, successor.UserId, now));
        }

        return events;
    }

    /// <summary>The owner makes a member an admin or an admin a member.</summary>
    public static IReadOnlyList<object> SetRole(Conversation state, Guid actor, Guid target, string role, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsMember(actor))
        {
            throw NotFound();
        }

        if (state.Type != ConversationType.Group)
        {
            throw RefusedException.Conflict("A direct conversation has no roles.");
        }

        if (role is not (ConversationRoles.Admin or ConversationRoles.Member))
        {
            throw RefusedException.Invalid("role", "role must be \"admin\" or \"member\".");
        }

        if (state.RoleOf(actor) != ConversationRoles.Owner)
        {
            throw RefusedException.Forbidden("Only the owner changes roles.");
        }

        var current = state.RoleOf(target) ?? throw RefusedException.NotFound("That user is not a member of this group.");
        if (current == ConversationRoles.Owner)
        {
            throw RefusedException.Conflict("The owner's role passes only when the owner leaves.");
        }

        return current == role ? [] : [new GroupMemberRoleChanged(state.Id, target, role, actor, now)];
    }

    /// <summary>A sender must be a member (else NotFound); a direct partner with a block either way gets Forbidden.</summary>
    public static void EnsureCanSend(Conversation state, Guid sender, bool blocked)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsMember(sender))
        {
            throw NotFound();
        }

        if (state.Type == ConversationType.Direct && blocked)
        {
            throw RefusedException.Forbidden("You cannot send messages to this user.");
        }
    }

    /// <summary>
    /// Recall: the sender within <see cref="RecallWindow"/>, or a group owner or admin at any time. A message
    /// recalled already records nothing.
    /// </summary>
    public static IReadOnlyList<object> Recall(Conversation state, Guid actor, long seq, MessageSent message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);
        if (!state.IsMember(actor))
        {
            throw NotFound();
        }

        if (state.Recalled.Contains(seq))
        {
            return [];
        }

        var bySenderInTime = message.SenderId == actor && now - message.SentAt <= RecallWindow;
        var byGroupAdmin = state.Type == ConversationType.Group && state.IsOwnerOrAdmin(actor);
        if (!bySenderInTime && !byGroupAdmin)
        {
            throw message.SenderId == actor
                ? RefusedException.Conflict($"A message can be recalled by its sender only within {RecallWindow.TotalMinutes:0} minutes.")
                : RefusedException.Forbidden("Only the sender or a group owner or admin recalls a message.");
        }

        return [new MessageRecalled(state.Id, seq, message.MessageId, message.SenderId, actor, now)];
    }

    /// <summary>Moves a member's read marker forward: a marker at or behind the current one records nothing; one beyond the last message is refused.</summary>
    public static IReadOnlyList<object> MarkRead(Conversation state, Guid user, long currentMarker, long seq, long lastSeq, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsMember(user))
        {
            throw NotFound();
        }

        if (seq < 0)
        {
            throw RefusedException.Invalid("seq", "seq must be zero or more.");
        }

        if (seq > lastSeq)
        {
            throw RefusedException.Invalid("seq", $"seq is beyond the last message of the conversation ({lastSeq}).");
        }

        return seq <= currentMarker ? [] : [new ConversationRead(state.Id, user, seq, now)];
    }

    private static void RequireGroupAdmin(Conversation state, Guid actor)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsMember(actor))
        {
            throw NotFound();
        }

        if (state.Type != ConversationType.Group)
        {
            throw RefusedException.Conflict("A direct conversation has no name, announcement or member list to change.");
        }

        if (!state.IsOwnerOrAdmin(actor))
        {
            throw RefusedException.Forbidden("Only the group's owner or an admin can do this.");
        }
    }

    private static string CheckName(string name)
    {
        var trimmed = (name ?? string.Empty).Trim();
        if (trimmed.Length is < 1 or > MaxNameLength)
        {
            throw RefusedException.Invalid("name", $"name must be 1-{MaxNameLength} characters.");
        }

        if (UserText.HasForbiddenCharacters(trimmed))
        {
            throw RefusedException.Invalid("name", "name must not contain control or bidirectional formatting characters.");
        }

        return trimmed;
    }
}
