namespace EventChat.Domain.Uploads;

/// <summary>An upload's state, folded from its stream (one event today).</summary>
public sealed record Upload(Guid Id, Guid OwnerId, string ContentType, long Size, string FileName, DateTimeOffset StoredAt)
{
    public static Upload Initial { get; } = new(Guid.Empty, Guid.Empty, string.Empty, 0, string.Empty, default);

    public bool Exists => Id != Guid.Empty;

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    public bool IsVideo => ContentType.StartsWith("video/", StringComparison.Ordinal);

    public static Upload Evolve(Upload state, object @event) => @event switch
    {
        UploadStored e => new Upload(e.UploadId, e.OwnerId, e.ContentType, e.Size, e.FileName, e.StoredAt),
        _ => state,
    };
}
