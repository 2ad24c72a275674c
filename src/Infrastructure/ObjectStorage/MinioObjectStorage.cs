using System.Net.Sockets;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Infrastructure.Configuration;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace EventChat.Infrastructure.ObjectStorage;

/// <summary>
/// <see cref="IObjectStorage"/> over the Minio SDK: puts with a known size (one PUT, no multipart, which s3rver
/// and MinIO both serve), deletes, and presigned GETs computed locally with the configured region.
/// </summary>
public sealed class MinioObjectStorage(IMinioClient client, EventChatSettings settings, IClock clock) : IObjectStorage
{
    /// <summary>How long a presigned URL serves its object: long enough to render a screen, short enough not to be shared for good.</summary>
    public static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(15);

    public async Task PutAsync(string key, Stream content, long size, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            await client.PutObjectAsync(
                new PutObjectArgs()
                    .WithBucket(settings.MinioBucket)
                    .WithObject(key)
                    .WithStreamData(content)
                    .WithObjectSize(size)
                    .WithContentType(contentType),
                cancellationToken);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            throw new ObjectStorageUnavailableException($"Storing '{key}' failed: {ex.GetType().Name}", ex);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(settings.MinioBucket).WithObject(key), cancellationToken);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            throw new ObjectStorageUnavailableException($"Removing '{key}' failed: {ex.GetType().Name}", ex);
        }
    }

    public async Task<PresignedUrl> PresignGetAsync(string key, CancellationToken cancellationToken)
    {
        var expiresAt = clock.UtcNow + UrlLifetime;
        var url = await client.PresignedGetObjectAsync(new PresignedGetObjectArgs()
            .WithBucket(settings.MinioBucket)
            .WithObject(key)
            .WithExpiry((int)UrlLifetime.TotalSeconds));
        return new PresignedUrl(new Uri(url), expiresAt);
    }

    private static bool IsOutage(Exception exception) =>
        exception is MinioException or HttpRequestException or SocketException or IOException or TaskCanceledException { InnerException: TimeoutException };
}
