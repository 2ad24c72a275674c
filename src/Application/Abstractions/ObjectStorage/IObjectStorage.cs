namespace EventChat.Application.Abstractions.ObjectStorage;

/// <summary>The S3-compatible object store (MinIO in production, s3rver locally), under keys the server chooses.</summary>
public interface IObjectStorage
{
    /// <summary>Stores <paramref name="content"/> (of <paramref name="size"/> bytes) under <paramref name="key"/>. Throws <see cref="ObjectStorageUnavailableException"/> when the store cannot be reached.</summary>
    Task PutAsync(string key, Stream content, long size, string contentType, CancellationToken cancellationToken);

    /// <summary>Removes the object, if it exists. Best effort for cleanups: never throws for a missing object.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// A URL for clients that serves the object to anyone holding it until <see cref="PresignedUrl.ExpiresAt"/>, on the
    /// store's public endpoint (MINIO_PUBLIC_ENDPOINT) when one is set. Computed locally, no round trip.
    /// </summary>
    Task<PresignedUrl> PresignGetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// A URL for this process's own reads (backups), on the endpoint the server reaches the store at (MINIO_ENDPOINT),
    /// which clients may not reach. Never hand it to a client.
    /// </summary>
    Task<PresignedUrl> PresignServerGetAsync(string key, CancellationToken cancellationToken);
}

public sealed record PresignedUrl(Uri Url, DateTimeOffset ExpiresAt);
