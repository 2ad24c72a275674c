using EventChat.Domain.Common;

namespace EventChat.Domain.Uploads;

public readonly record struct UploadId(Guid Value)
{
    public static UploadId New() => new(Guid.CreateVersion7());

    public StreamName Stream => StreamName.For("upload", Value);

    /// <summary>
    /// The object's key in the bucket: chosen by the server from the id alone (a client's file name never
    /// becomes a path), so a URL can be presigned from the id without a lookup.
    /// </summary>
    public string ObjectKey => $"uploads/{Value:N}";

    public override string ToString() => Value.ToString("D");
}
