using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Conversations;
using EventChat.Projections.Engine;
using MySqlConnector;

namespace EventChat.Projections.Conversations;

/// <summary>
/// Builds <c>rm_conversations</c> (summary: last seq, last message preview, activity time), <c>rm_conversation_members</c>
/// (role, read marker) and <c>rm_messages</c> from the conversation, messages and read-marker streams.
/// Messages and markers of a batch are applied together: one multi-row insert of the messages, one summary update
/// per conversation and one marker update per member, sent as one command; membership and settings events, which
/// are rare, are applied in log order between such runs. Replaying an event changes nothing: messages insert by
/// (conversation, seq) and are ignored when present, markers and summaries only move forward.
/// </summary>
public sealed class ConversationsProjection : IMySqlProjection
{
    public const string ProjectionName = "conversations";
    public const int PreviewLength = 100;
    private const int MessagesPerStatement = 200;

    public string Name => ProjectionName;

    public IReadOnlyCollection<Type> HandledEvents { get; } =
    [
        typeof(DirectConversationStarted), typeof(GroupCreated), typeof(GroupMembersAdded), typeof(GroupMemberRemoved), typeof(GroupMemberLeft),
        typeof(GroupOwnershipPassed), typeof(GroupMemberRoleChanged), typeof(GroupRenamed), typeof(GroupAnnouncementSet), typeof(GroupEnded),
        typeof(MessageRecalled), typeof(MessageSent), typeof(ConversationRead),
    ];

    public IReadOnlyList<string> Tables { get; } = ["rm_conversations", "rm_conversation_members", "rm_messages"];

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var run = new List<StoredEvent>();
        var batch = new SqlBatch();
        foreach (var e in events)
        {
            if (e.Data is MessageSent or ConversationRead)
            {
                run.Add(e);
                continue;
            }

            if (!HandledEvents.Contains(e.Data.GetType()))
            {
                continue;
            }

            // A membership or settings event sees every message and marker before it.
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

        var messages = run.Where(e => e.Data is MessageSent).ToArray();
        foreach (var chunk in messages.Chunk(MessagesPerStatement))
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

        // One summary row per conversation (its newest message in this run), all in one statement. The ids of the derived
        // table are compared in the tables' collation: MySQL 8.4's connection default (utf8mb4_0900_ai_ci) is another one.
        batch.AddJoinedUpdate(
            "rm_conversations c",
            ["id", "seq", "sender", "type", "snippet", "at"],
            messages.GroupBy(e => ((MessageSent)e.Data).ConversationId).Select(g => g.MaxBy(e => e.StreamVersion)!).Select(last =>
            {
                var m = (MessageSent)last.Data;
                return new object?[] { Id(m.ConversationId), last.StreamVersion, Id(m.SenderId), m.Type, Preview(m), m.SentAt.UtcDateTime };
            }).ToArray(),
            """
            ON c.id = v.id COLLATE utf8mb4_unicode_ci
            SET c.last_seq = v.seq, c.last_sender_id = v.sender, c.last_type = v.type, c.last_preview = v.snippet,
                c.last_recalled = 0, c.last_at = v.at, c.updated_at = GREATEST(c.updated_at, v.at)
            WHERE c.last_seq < v.seq
            """);

        // Markers: a send marks the sender's own message read; per member the highest seq, all in one statement.
        var markers = run.Select(e => e.Data switch
        {
            MessageSent m => (m.ConversationId, UserId: m.SenderId, Seq: e.StreamVersion),
            ConversationRead r => (r.ConversationId, r.UserId, r.Seq),
            _ => throw new InvalidOperationException("A run holds only messages and read markers."),
        });
        batch.AddJoinedUpdate(
            "rm_conversation_members m",
            ["conv", "uid", "seq"],
            markers.GroupBy(m => (m.ConversationId, m.UserId))
                .Select(g => new object?[] { Id(g.Key.ConversationId), Id(g.Key.UserId), g.Max(m => m.Seq) })
                .ToArray(),
            "ON m.conversation_id = v.conv COLLATE utf8mb4_unicode_ci AND m.user_id = v.uid COLLATE utf8mb4_unicode_ci SET m.last_read_seq = GREATEST(m.last_read_seq, v.seq)");
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
                batch.Add("UPDATE rm_conversations SET last_recalled = 1, last_preview = NULL WHERE id = @id AND last_seq = @seq", keys);
                break;
        }
    }

    private static void AddConversation(SqlBatch batch, Guid id, string type, string? name, DateTimeOffset at) =>
        batch.AddValues(
            "INSERT IGNORE INTO rm_conversations (id, type, name, created_at, updated_at)",
            [[Id(id), type, name, at.UtcDateTime, at.UtcDateTime]]);

    /// <summary>New members start with everything sent before they joined marked read.</summary>
    private static void AddMembers(SqlBatch batch, Guid conversationId, IReadOnlyList<(Guid UserId, string Role)> members, DateTimeOffset at)
    {
        foreach (var (userId, role) in members)
        {
            batch.Add(
                """
                INSERT IGNORE INTO rm_conversation_members (conversation_id, user_id, role, joined_at, last_read_seq)
                SELECT id, @user, @role, @at, last_seq FROM rm_conversations WHERE id = @conv
                """,
                new Dictionary<string, object?> { ["conv"] = Id(conversationId), ["user"] = Id(userId), ["role"] = role, ["at"] = at.UtcDateTime });
        }

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

    private static string? Preview(MessageSent message) => message.Type == "text"
        ? message.Text is { Length: > PreviewLength } text ? text[..PreviewLength] : message.Text
        : $"[{message.Type}]";

    private static string Id(Guid id) => id.ToString("D");
}
