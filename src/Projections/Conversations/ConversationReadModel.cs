using Dapper;
using EventChat.Application.Conversations;
using EventChat.Projections.ReadModels;
using MySqlConnector;

namespace EventChat.Projections.Conversations;

/// <summary>Queries of the conversations read models: each one primary-key lookup or one indexed range read (Dapper).</summary>
public sealed class ConversationReadModel(ReadModelDbContextFactory contexts, ConversationInbox inbox) : IConversationReadModel
{
    /// <summary>How much of a text message the conversation list shows.</summary>
    public const int PreviewLength = 100;

    private const string MessageColumns =
        "id AS Id, conversation_id AS ConversationId, seq AS Seq, sender_id AS SenderId, client_message_id AS ClientMessageId, type AS Type, " +
        "text AS Text, upload_id AS UploadId, upload_content_type AS UploadContentType, upload_size AS UploadSize, reply_to_seq AS ReplyToSeq, recalled AS Recalled, created_at AS CreatedAt, position AS Position";

    public async Task<bool> IsMemberAsync(Guid conversationId, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT 1 FROM rm_conversation_members WHERE conversation_id = @conv AND user_id = @user",
            new { conv = conversationId.ToString("D"), user = userId.ToString("D") },
            cancellationToken: cancellationToken)) is not null;
    }

    public async Task<bool> WasSentToAsync(Guid uploadId, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            """
            SELECT 1 FROM rm_messages m
            JOIN rm_conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = @user
            WHERE m.upload_id = @upload AND m.recalled = 0
            LIMIT 1
            """,
            new { upload = uploadId.ToString("D"), user = userId.ToString("D") },
            cancellationToken: cancellationToken)) is not null;
    }

    public async Task<ConversationView?> GetAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            """
            SELECT c.id AS Id, c.type AS Type, c.name AS Name, c.announcement AS Announcement, c.created_at AS CreatedAt,
                   COALESCE((SELECT m.seq FROM rm_messages m WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1), 0) AS LastSeq
            FROM rm_conversations c WHERE c.id = @conv;
            SELECT user_id AS UserId, role AS Role, joined_at AS JoinedAt
            FROM rm_conversation_members WHERE conversation_id = @conv ORDER BY joined_at, user_id
            """,
            new { conv = conversationId.ToString("D") },
            cancellationToken: cancellationToken));
        var row = await results.ReadSingleOrDefaultAsync<ConversationRow>();
        var members = (await results.ReadAsync<MemberRow>()).Select(m => new MemberView(m.UserId, m.Role, Utc(m.JoinedAt))).ToArray();
        return row is null ? null : new ConversationView(row.Id, row.Type, row.Name, row.Announcement, members, row.LastSeq, Utc(row.CreatedAt));
    }

    public async Task<MessagePage> GetMessagesAsync(Guid conversationId, long? afterSeq, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        var (condition, order) = afterSeq is not null ? ("AND seq > @after", "ASC") : beforeSeq is not null ? ("AND seq < @before", "DESC") : (string.Empty, "DESC");
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        var rows = (await connection.QueryAsync<MessageRow>(new CommandDefinition(
            $"SELECT {MessageColumns} FROM rm_messages WHERE conversation_id = @conv {condition} ORDER BY seq {order} LIMIT @take",
            new { conv = conversationId.ToString("D"), after = afterSeq, before = beforeSeq, take = limit + 1 },
            cancellationToken: cancellationToken))).ToList();
        var items = rows.Take(limit).Select(r => new MessageView(
            r.Id, r.ConversationId, r.Seq, r.SenderId, r.ClientMessageId, r.Type, r.Recalled ? null : r.Text,
            r.Recalled || r.UploadId is not { } upload ? null : new UploadView(upload, r.UploadContentType ?? string.Empty, r.UploadSize ?? 0, string.Empty),
            r.ReplyToSeq, r.Recalled, Utc(r.CreatedAt), r.Position)).ToArray();
        return new MessagePage(items, rows.Count > limit);
    }

    /// <summary>
    /// The order, unread counts and read markers come from the Redis inbox (one call); the conversations of that page
    /// and each one's newest message from one MySQL query (primary-key reads: the conversation, then the last row of its
    /// messages: ORDER BY … LIMIT 1 reads one index entry, where MAX(seq) in a correlated subquery scans every message
    /// of the conversation on MariaDB). A user with thousands of conversations costs the same as one with ten. Nothing keeps a copy of the
    /// last message: a send is one row in rm_messages, and a recall shows here as soon as it is applied there.
    /// </summary>
    public async Task<ConversationList> ListAsync(Guid userId, string? before, int limit, CancellationToken cancellationToken)
    {
        long? beforePosition = before is not null && ConversationCursor.TryParse(before, out var cursor) ? cursor.Position : null;
        var page = await inbox.ReadPageAsync(userId, beforePosition, limit + 1);
        if (page.Count == 0)
        {
            return new ConversationList([], null);
        }

        var shown = page.Take(limit).ToArray();
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        var rows = (await connection.QueryAsync<ListRow>(new CommandDefinition(
            """
            SELECT c.id AS Id, c.type AS Type, c.name AS Name, c.member_count AS MemberCount, c.updated_at AS UpdatedAt,
                   m.seq AS LastSeq, m.sender_id AS LastSenderId, m.type AS LastType, LEFT(m.text, @previewLength) AS LastText,
                   m.recalled AS LastRecalled, m.created_at AS LastAt
            FROM rm_conversations c
            LEFT JOIN rm_messages m ON m.conversation_id = c.id
                AND m.seq = (SELECT x.seq FROM rm_messages x WHERE x.conversation_id = c.id ORDER BY x.seq DESC LIMIT 1)
            WHERE c.id IN @ids
            """,
            new { ids = shown.Select(e => e.ConversationId.ToString("D")).ToArray(), previewLength = PreviewLength },
            cancellationToken: cancellationToken))).ToDictionary(r => r.Id);

        // A conversation the inbox has and the MySQL tables not yet (the two projections apply the same event
        // moments apart) is left out of this page rather than shown half-empty.
        var items = shown.Where(e => rows.ContainsKey(e.ConversationId)).Select(e =>
        {
            var r = rows[e.ConversationId];
            return new ConversationListItem(
                r.Id,
                r.Type,
                r.Name,
                r.MemberCount,
                r.LastSeq is { } lastSeq && r.LastSenderId is { } sender && r.LastAt is { } lastAt
                    ? new LastMessageView(lastSeq, sender, r.LastType ?? "text", Preview(r), r.LastRecalled == true, Utc(lastAt))
                    : null,
                Math.Max(0, e.LastSeq - e.LastReadSeq),
                e.LastReadSeq,
                Utc(r.LastAt is { } at && at > r.UpdatedAt ? at : r.UpdatedAt));
        }).ToArray();
        var next = page.Count > limit ? new ConversationCursor(shown[^1].ActivityPosition).ToString() : null;
        return new ConversationList(items, next);
    }

    /// <summary>
    /// A text message's first <see cref="PreviewLength"/> characters (MySQL's <c>LEFT</c> counts code points, so an emoji
    /// is never cut in half), <c>[image]</c> and the like for media, nothing once recalled.
    /// </summary>
    private static string? Preview(ListRow row) => row.LastRecalled == true ? null : row.LastType is null or "text" ? row.LastText : $"[{row.LastType}]";

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class ConversationRow
    {
        public Guid Id { get; set; }

        public string Type { get; set; } = string.Empty;

        public string? Name { get; set; }

        public string Announcement { get; set; } = string.Empty;

        public long LastSeq { get; set; }

        public DateTime CreatedAt { get; set; }
    }

    private sealed class MemberRow
    {
        public Guid UserId { get; set; }

        public string Role { get; set; } = string.Empty;

        public DateTime JoinedAt { get; set; }
    }

    private sealed class MessageRow
    {
        public Guid Id { get; set; }

        public Guid ConversationId { get; set; }

        public long Seq { get; set; }

        public Guid SenderId { get; set; }

        public string ClientMessageId { get; set; } = string.Empty;

        public string Type { get; set; } = string.Empty;

        public string? Text { get; set; }

        public Guid? UploadId { get; set; }

        public string? UploadContentType { get; set; }

        public long? UploadSize { get; set; }

        public long? ReplyToSeq { get; set; }

        public bool Recalled { get; set; }

        public DateTime CreatedAt { get; set; }

        public long Position { get; set; }
    }

    private sealed class ListRow
    {
        public Guid Id { get; set; }

        public string Type { get; set; } = string.Empty;

        public string? Name { get; set; }

        public int MemberCount { get; set; }

        public long? LastSeq { get; set; }

        public Guid? LastSenderId { get; set; }

        public string? LastType { get; set; }

        public string? LastText { get; set; }

        public bool? LastRecalled { get; set; }

        public DateTime? LastAt { get; set; }

        public DateTime UpdatedAt { get; set; }
    }
}
