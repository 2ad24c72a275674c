using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Conversations;

namespace EventChat.Application.Conversations;

/// <summary><c>GET /api/conversations/{id}</c> and the answer of the writes that change a conversation.</summary>
public sealed record ConversationView(
    Guid Id,
    string Type,
    string? Name,
    string Announcement,
    IReadOnlyList<MemberView> Members,
    long LastSeq,
    DateTimeOffset CreatedAt)
{
    /// <summary>The view of a folded conversation; <paramref name="lastSeq"/> is its messages stream's version.</summary>
    public static ConversationView From(Conversation state, long lastSeq)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(
            state.Id,
            ConversationTypes.Name(state.Type),
            state.Type == ConversationType.Group ? state.Name : null,
            state.Announcement,
            state.Members.Values.OrderBy(m => m.JoinOrder).Select(m => new MemberView(m.UserId, m.Role, m.JoinedAt)).ToArray(),
            lastSeq,
            state.CreatedAt);
    }
}

public sealed record MemberView(Guid UserId, string Role, DateTimeOffset JoinedAt);

/// <summary>An upload attached to a message; <see cref="Url"/> is presigned when the message is served.</summary>
public sealed record UploadView(Guid Id, string ContentType, long Size, string Url);

/// <summary>A message as the API shows it. A recalled message has no text and no upload.</summary>
public sealed record MessageView(
    Guid Id,
    Guid ConversationId,
    long Seq,
    Guid SenderId,
    string ClientMessageId,
    string Type,
    string? Text,
    UploadView? Upload,
    long? ReplyToSeq,
    bool Recalled,
    DateTimeOffset CreatedAt,
    long Position)
{
    /// <summary>A stored <see cref="MessageSent"/>: its stream version is its seq.</summary>
    public static MessageView From(StoredEvent stored, bool recalled = false)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var sent = (MessageSent)stored.Data;
        return new(
            sent.MessageId,
            sent.ConversationId,
            stored.StreamVersion,
            sent.SenderId,
            sent.ClientMessageId,
            sent.Type,
            recalled ? null : sent.Text,
            recalled || sent.UploadId is not { } uploadId ? null : new UploadView(uploadId, sent.UploadContentType ?? string.Empty, sent.UploadSize ?? 0, string.Empty),
            sent.ReplyToSeq,
            recalled,
            sent.SentAt,
            stored.Position);
    }
}

/// <summary>A page of history: ascending after <c>afterSeq</c>, descending otherwise.</summary>
public sealed record MessagePage(IReadOnlyList<MessageView> Items, bool HasMore);

public sealed record LastMessageView(long Seq, Guid SenderId, string Type, string? Preview, bool Recalled, DateTimeOffset CreatedAt);

/// <summary>One entry of the caller's conversation list.</summary>
public sealed record ConversationListItem(
    Guid Id,
    string Type,
    string? Name,
    int MemberCount,
    LastMessageView? LastMessage,
    long UnreadCount,
    long LastReadSeq,
    DateTimeOffset UpdatedAt);

public sealed record ConversationList(IReadOnlyList<ConversationListItem> Items, string? NextCursor);

public static class ConversationTypes
{
    public const string Direct = "direct";
    public const string Group = "group";

    public static string Name(ConversationType type) => type == ConversationType.Group ? Group : Direct;
}

/// <summary>Message types: text, or media with an upload of the sender whose type fits (file: any allowed type).</summary>
public static class MessageTypes
{
    public const string Text = "text";
    public const string Image = "image";
    public const string Video = "video";
    public const string File = "file";
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Text, Image, Video, File };

    public static bool Fits(string type, EventChat.Domain.Uploads.Upload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return type switch
        {
            Image => upload.IsImage,
            Video => upload.IsVideo,
            File => true,
            _ => false,
        };
    }
}

/// <summary>Fills in the presigned URLs of messages' uploads as they are served (computed locally, no round trip).</summary>
public static class MessageUploads
{
    public static async Task<MessageView> WithUrlAsync(this MessageView message, EventChat.Application.Abstractions.ObjectStorage.IObjectStorage storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(storage);
        if (message.Upload is not { } upload)
        {
            return message;
        }

        var url = await storage.PresignGetAsync(new EventChat.Domain.Uploads.UploadId(upload.Id).ObjectKey, cancellationToken);
        return message with { Upload = upload with { Url = url.Url.ToString() } };
    }

    public static async Task<MessagePage> WithUrlsAsync(this MessagePage page, EventChat.Application.Abstractions.ObjectStorage.IObjectStorage storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var items = new List<MessageView>(page.Items.Count);
        foreach (var item in page.Items)
        {
            items.Add(await item.WithUrlAsync(storage, cancellationToken));
        }

        return page with { Items = items };
    }
}
