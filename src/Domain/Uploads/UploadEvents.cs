using EventChat.Domain.Common;

namespace EventChat.Domain.Uploads;

/// <summary>
/// A file was stored in the object store under <see cref="ObjectKey"/>. <see cref="ContentType"/> is what its
/// bytes are (magic numbers), not what the client declared; <see cref="FileName"/> is the client's name, cleaned,
/// kept as metadata only.
/// </summary>
[EventName("upload.stored")]
public sealed record UploadStored(
    Guid UploadId, Guid OwnerId, string ObjectKey, string ContentType, long Size, string Sha256, string FileName, DateTimeOffset StoredAt);
