namespace EventChat.Domain.Uploads;

/// <summary>An upload's state, folded from its stream: started, then stored or abandoned.</summary>
public sealed record Upload(Guid Id, Guid OwnerId, string ContentType, long Size, string FileName, DateTimeOffset StoredAt)
{
    public static Upload Initial { get; } = new(Guid.Empty, Guid.Empty, string.Empty, 0, string.Empty, default);

    /// <summary>Stored and served; an upload that is only started, or abandoned, does not exist for anyone.</summary>
    public bool Exists => Id != Guid.Empty && !Abandoned;

    public bool Started { get; init; }

    public bool Abandoned { get; init; }

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    public bool IsVideo => ContentType.StartsWith("video/", StringComparison.Ordinal);

    public static Upload Evolve(Upload state, object @event) => @event switch
    {
        UploadStarted => state with { Started = true },
        UploadStored e => new Upload(e.UploadId, e.OwnerId, e.ContentType, e.Size, e.FileName, e.StoredAt) { Started = true },
        UploadAbandoned => state with { Abandoned = true },
        _ => state,
    };
}
