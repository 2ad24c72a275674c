using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Conversations;
using EventChat.Projections.Engine;
using MySqlConnector;

namespace EventChat.Projections.Conversations;

/// <summary>
/// Builds <c>rm_conversations</c> (kind, name, announcement, member count), <c>rm_conversation_members</c> (role,
/// joined) and <c>rm_messages</c> from the conversation and messages streams. The messages of a batch are one
/// multi-row insert (a message is one row and nothing else: the list reads a conversation's newest message from
/// rm_messages' primary key, and read markers and unread counts live in the Redis inbox); membership and settings
/// events, which are rare, are applied in log order between such runs, so a recall always finds its message.
/// Replaying an event changes nothing: messages insert by (conversation, seq) and are ignored when present.
/// </summary>
public sealed class ConversationsProjection : IMySqlProjection
{
    public const string ProjectionName = "conversations";
    private const int MessagesPerStatement = 200;

    public string Name => ProjectionName;

    public ReadModelSet Writes => ReadModelSet.Conversations;

    public IReadOnlyCollection<Type> HandledEvents { get; } =
    [
        typeof(DirectConversationStarted), typeof(GroupCreated), typeof(GroupMembersAdded), typeof(GroupMemberRemoved), typeof(GroupMemberLeft),
        typeof(GroupOwnershipPassed), typeof(GroupMemberRoleChanged), typeof(GroupRenamed), typeof(GroupAnnouncementSet), typeof(GroupEnded),
        typeof(MessageRecalled), typeof(MessageSent),
    ];

    public IReadOnlyList<string> Tables { get; } = ["rm_conversations", "rm_conversation_members", "rm_messages"];

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var run = new List<StoredEvent>();
        var batch = new SqlBatch();
        foreach (var e in events)
        {
            if (e.Data is MessageSent)
            {
                run.Add(e);
                continue;
            }

            if (!HandledEvents.Contains(e.Data.GetType()))
            {
                continue;
            }

            // A membership or settings event sees every message before it.
            AddRun(batch, run);
            run.Clear();
            AddMembershipOrSettings(batch, e);
        }

        AddRun(batch, run);
        await batch.ExecuteAsync(connection, transaction, cancellationToken);
    }

    private static void AddRun(SqlBatch batch, List<StoredEvent> run)
    {
        if (run.Count == 0)
        {
            return;
        }

        // Most messages are text with no upload and no reply: their rows leave those columns (and recalled) to the
        // defaults, 9 values instead of 14, which MariaDB parses as literals (the parser was a fifth of its time under
        // sends, docs/messaging.md). The order of rows does not matter: each has its own key.
        var plain = run.Where(e => e.Data is MessageSent { UploadId: null, ReplyToSeq: null }).ToList();
        foreach (var chunk in plain.Chunk(MessagesPerStatement))
        {
            batch.AddValues(
                "INSERT IGNORE INTO rm_messages (conversation_id, seq, id, sender_id, client_message_id, type, text, created_at, position)",
                chunk.Select(e =>
                {
                    var m = (MessageSent)e.Data;
                    return new object?[] { Id(m.ConversationId), e.StreamVersion, Id(m.MessageId), Id(m.SenderId), m.ClientMessageId, m.Type, m.Text, m.SentAt.UtcDateTime, e.Position };
                }).ToArray());
        }

        if (plain.Count == run.Count)
        {
            return;
        }

        foreach (var chunk in run.Where(e => e.Data is MessageSent m && (m.UploadId is not null || m.ReplyToSeq is not null)).Chunk(MessagesPerStatement))
        {
            batch.AddValues(
                "INSERT IGNORE INTO rm_messages (conversation_id, seq, id, sender_id, client_message_id, type, text, upload_id, upload_content_type, upload_size, reply_to_seq, recalled, created_at, position)",
                chunk.Select(e =>
                {
                    var m = (MessageSent)e.Data;
                    return new object?[]
                    {
                        Id(m.ConversationId), e.StreamVersion, Id(m.MessageId), Id(m.SenderId), m.ClientMessageId, m.Type, m.Text,
                        m.UploadId is { } upload ? Id(upload) : null, m.UploadContentType, m.UploadSize, m.ReplyToSeq, false, m.SentAt.UtcDateTime, e.Position,
                    };
                }).ToArray());
        }
    }

    private static void AddMembershipOrSettings(SqlBatch batch, StoredEvent stored)
    {
        switch (stored.Data)
        {
            case DirectConversationStarted e:
                AddConversation(batch, e.ConversationId, "direct", null, e.StartedAt);
                AddMembers(batch, e.ConversationId, [(e.FirstUserId, ConversationRoles.Member), (e.SecondUserId, ConversationRoles.Member)], e.StartedAt);
                break;
            case GroupCreated e:
                AddConversation(batch, e.ConversationId, "group", e.Name, e.CreatedAt);
                AddMembers(batch, e.ConversationId, [(e.OwnerId, ConversationRoles.Owner), .. e.MemberIds.Select(m => (m, ConversationRoles.Member))], e.CreatedAt);
                break;
            case GroupMembersAdded e:
                AddMembers(batch, e.ConversationId, e.UserIds.Select(m => (m, ConversationRoles.Member)).ToArray(), e.AddedAt);
                break;
            case GroupMemberRemoved e:
                RemoveMember(batch, e.ConversationId, e.UserId);
                break;
            case GroupMemberLeft e:
                RemoveMember(batch, e.ConversationId, e.UserId);
                break;
            case GroupOwnershipPassed e:
                SetRole(batch, e.ConversationId, e.FromUserId, ConversationRoles.Member);
                SetRole(batch, e.ConversationId, e.ToUserId, ConversationRoles.Owner);
                break;
            case GroupMemberRoleChanged e:
                SetRole(batch, e.ConversationId, e.UserId, e.Role);
                break;
            case GroupRenamed e:
                batch.Add("UPDATE rm_conversations SET name = @name WHERE id = @id", new Dictionary<string, object?> { ["id"] = Id(e.ConversationId), ["name"] = e.Name });
                break;
            case GroupAnnouncementSet e:
                batch.Add("UPDATE rm_conversations SET announcement = @text WHERE id = @id", new Dictionary<string, object?> { ["id"] = Id(e.ConversationId), ["text"] = e.Announcement });
                break;
            case GroupEnded e:
                batch.Add("UPDATE rm_conversations SET ended = 1 WHERE id = @id", new Dictionary<string, object?> { ["id"] = Id(e.ConversationId) });
                break;
            case MessageRecalled e:
                // The content leaves every read model; the original stays only in the event log.
                var keys = new Dictionary<string, object?> { ["id"] = Id(e.ConversationId), ["seq"] = e.Seq };
                batch.Add("UPDATE rm_messages SET recalled = 1, text = NULL, upload_id = NULL, upload_content_type = NULL, upload_size = NULL WHERE conversation_id = @id AND seq = @seq", keys);
                break;
        }
    }

    private static void AddConversation(SqlBatch batch, Guid id, string type, string? name, DateTimeOffset at) =>
        batch.AddValues(
            "INSERT IGNORE INTO rm_conversations (id, type, name, created_at, updated_at)",
            [[Id(id), type, name, at.UtcDateTime, at.UtcDateTime]]);

    private static void AddMembers(SqlBatch batch, Guid conversationId, IReadOnlyList<(Guid UserId, string Role)> members, DateTimeOffset at)
    {
        batch.AddValues(
            "INSERT IGNORE INTO rm_conversation_members (conversation_id, user_id, role, joined_at)",
            members.Select(m => new object?[] { Id(conversationId), Id(m.UserId), m.Role, at.UtcDateTime }).ToArray());
        CountMembers(batch, conversationId);
    }

    private static void RemoveMember(SqlBatch batch, Guid conversationId, Guid userId)
    {
        batch.Add(
            "DELETE FROM rm_conversation_members WHERE conversation_id = @conv AND user_id = @user",
            new Dictionary<string, object?> { ["conv"] = Id(conversationId), ["user"] = Id(userId) });
        CountMembers(batch, conversationId);
    }

    private static void CountMembers(SqlBatch batch, Guid conversationId) =>
        batch.Add(
            "UPDATE rm_conversations SET member_count = (SELECT COUNT(*) FROM rm_conversation_members WHERE conversation_id = @conv) WHERE id = @conv",
            new Dictionary<string, object?> { ["conv"] = Id(conversationId) });

    private static void SetRole(SqlBatch batch, Guid conversationId, Guid userId, string role) =>
        batch.Add(
            "UPDATE rm_conversation_members SET role = @role WHERE conversation_id = @conv AND user_id = @user",
            new Dictionary<string, object?> { ["conv"] = Id(conversationId), ["user"] = Id(userId), ["role"] = role });

    private static string Id(Guid id) => id.ToString("D");
}
