using Dapper;
using EventChat.Application.Conversations;
using EventChat.Projections.ReadModels;
using MySqlConnector;

namespace EventChat.Projections.Conversations;

/// <summary>Queries of the conversations read models: each one primary-key lookup or one indexed range read (Dapper).</summary>
public sealed class ConversationReadModel(ReadModelDbContextFactory contexts, ConversationInbox inbox) : IConversationReadModel
{
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
            SELECT id AS Id, type AS Type, name AS Name, announcement AS Announcement, last_seq AS LastSeq, created_at AS CreatedAt
            FROM rm_conversations WHERE id = @conv;
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
    /// The order, unread counts and read markers come from the Redis inbox (one call); the summaries of that page
    /// from one MySQL primary-key read. A user with thousands of conversations costs the same as one with ten.
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
            SELECT id AS Id, type AS Type, name AS Name, member_count AS MemberCount, last_seq AS LastSeq,
                   last_sender_id AS LastSenderId, last_type AS LastType, last_preview AS LastPreview, last_recalled AS LastRecalled,
                   last_at AS LastAt, updated_at AS UpdatedAt
            FROM rm_conversations WHERE id IN @ids
            """,
            new { ids = shown.Select(e => e.ConversationId.ToString("D")).ToArray() },
            cancellationToken: cancellationToken))).ToDictionary(r => r.Id);

        // A conversation the inbox has and the summaries not yet (the two projections apply the same event
        // moments apart) is left out of this page rather than shown half-empty.
        var items = shown.Where(e => rows.ContainsKey(e.ConversationId)).Select(e =>
        {
            var r = rows[e.ConversationId];
            return new ConversationListItem(
                r.Id,
                r.Type,
                r.Name,
                r.MemberCount,
                r.LastSeq > 0 && r.LastSenderId is { } sender
                    ? new LastMessageView(r.LastSeq, sender, r.LastType ?? "text", r.LastRecalled ? null : r.LastPreview, r.LastRecalled, Utc(r.LastAt ?? r.UpdatedAt))
                    : null,
                Math.Max(0, e.LastSeq - e.LastReadSeq),
                e.LastReadSeq,
                Utc(r.UpdatedAt));
        }).ToArray();
        var next = page.Count > limit ? new ConversationCursor(shown[^1].ActivityPosition).ToString() : null;
        return new ConversationList(items, next);
    }

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

        public long LastSeq { get; set; }

        public Guid? LastSenderId { get; set; }

        public string? LastType { get; set; }

        public string? LastPreview { get; set; }

        public bool LastRecalled { get; set; }

        public DateTime? LastAt { get; set; }

        public DateTime UpdatedAt { get; set; }
    }
}
