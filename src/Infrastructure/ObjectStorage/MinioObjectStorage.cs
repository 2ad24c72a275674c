using System.Net.Sockets;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace EventChat.Infrastructure.ObjectStorage;

/// <summary>
/// <see cref="IObjectStorage"/> over the Minio SDK: puts with a known size (one PUT, no multipart, which s3rver
/// and MinIO both serve), deletes, and presigned GETs computed locally with the configured region. Puts, deletes and
/// the server's own reads go to MINIO_ENDPOINT; URLs for clients are presigned by <paramref name="clientUrls"/>, for
/// MINIO_PUBLIC_ENDPOINT when it is set.
/// </summary>
public sealed class MinioObjectStorage(
    IMinioClient client, [FromKeyedServices(ObjectStorageClientFactory.ClientUrlsKey)] IMinioClient clientUrls, EventChatSettings settings, IClock clock)
    : IObjectStorage
{
    /// <summary>How long a presigned URL serves its object: long enough to render a screen, short enough not to be shared for good.</summary>
    public static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(15);

    /// <summary>How long the server's own upload URL is valid: the PUT starts at once.</summary>
    private static readonly TimeSpan UploadUrlLifetime = TimeSpan.FromMinutes(5);

    /// <summary>One client for the process's PUTs (the store is one endpoint; connections are pooled).</summary>
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// Streams <paramref name="content"/> with one PUT to a URL the SDK presigns (locally). The SDK's own
    /// <c>PutObjectAsync</c> reads the object into arrays (parts of 5 MiB and their copies): about four times the
    /// file's size in allocations per upload, measured; this way the body streams through one 80 KB buffer.
    /// </summary>
    public async Task PutAsync(string key, Stream content, long size, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            var url = await client.PresignedPutObjectAsync(new PresignedPutObjectArgs()
                .WithBucket(settings.MinioBucket)
                .WithObject(key)
                .WithExpiry((int)UploadUrlLifetime.TotalSeconds));
            using var body = new StreamContent(content, 81920);
            body.Headers.ContentLength = size;
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            using var response = await Http.PutAsync(new Uri(url), body, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ObjectStorageUnavailableException($"Storing '{key}' was refused: {(int)response.StatusCode} {response.ReasonPhrase}");
            }
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

    public Task<PresignedUrl> PresignGetAsync(string key, CancellationToken cancellationToken) => PresignGetAsync(clientUrls, key);

    public Task<PresignedUrl> PresignServerGetAsync(string key, CancellationToken cancellationToken) => PresignGetAsync(client, key);

    private async Task<PresignedUrl> PresignGetAsync(IMinioClient signer, string key)
    {
        var expiresAt = clock.UtcNow + UrlLifetime;
        var url = await signer.PresignedGetObjectAsync(new PresignedGetObjectArgs()
            .WithBucket(settings.MinioBucket)
            .WithObject(key)
            .WithExpiry((int)UrlLifetime.TotalSeconds));
        return new PresignedUrl(new Uri(url), expiresAt);
    }

    private static bool IsOutage(Exception exception) =>
        exception is MinioException or HttpRequestException or SocketException or IOException or TaskCanceledException { InnerException: TimeoutException };
}
