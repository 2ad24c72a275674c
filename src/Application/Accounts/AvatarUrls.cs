using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Domain.Uploads;

namespace EventChat.Application.Accounts;

/// <summary>A profile's <c>avatarUrl</c>: a fresh presigned URL of its avatar upload (computed locally, no round trip), or null.</summary>
public static class AvatarUrls
{
    public static async Task<string?> ForAsync(this IObjectStorage storage, Guid? avatarUploadId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return avatarUploadId is { } id ? (await storage.PresignGetAsync(new UploadId(id).ObjectKey, cancellationToken)).Url.ToString() : null;
    }
}
