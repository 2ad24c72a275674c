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

/// <summary>
/// The server is about to put an object under <see cref="ObjectKey"/>. Written before the object, so that an upload
/// that never completes (the process died between the PUT and <see cref="UploadStored"/>) is known without listing
/// the bucket, and the cleanup job can remove its object.
/// </summary>
[EventName("upload.started")]
public sealed record UploadStarted(Guid UploadId, Guid OwnerId, string ObjectKey, DateTimeOffset StartedAt);

/// <summary>An upload that did not complete; its object, if one was written, is removed.</summary>
[EventName("upload.abandoned")]
public sealed record UploadAbandoned(Guid UploadId, string ObjectKey, string Reason, DateTimeOffset AbandonedAt);
