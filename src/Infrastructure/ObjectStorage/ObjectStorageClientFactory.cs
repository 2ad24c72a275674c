using EventChat.Infrastructure.Configuration;
using Minio;

namespace EventChat.Infrastructure.ObjectStorage;

/// <summary>Builds the Minio SDK client for MinIO (docker-compose) or s3rver (local runs and CI).</summary>
public static class ObjectStorageClientFactory
{
    /// <summary>The DI key of the client that presigns the URLs handed to clients (<see cref="CreateForClientUrls"/>).</summary>
    public const string ClientUrlsKey = "object-storage-client-urls";

    /// <summary>The client of the server's own requests: MINIO_ENDPOINT and MINIO_PORT.</summary>
    public static IMinioClient Create(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new MinioClient()
            .WithEndpoint(settings.MinioEndpoint, settings.MinioPort)
            .WithCredentials(settings.MinioAccessKey, settings.MinioSecretKey)
            .WithRegion("us-east-1")
            .WithSSL(settings.MinioUseSsl)
            .WithTimeout(5000)
            .Build();
    }

    /// <summary>
    /// The client that presigns URLs for clients: MINIO_PUBLIC_ENDPOINT when it is set, else the same endpoint as
    /// <see cref="Create"/>. It never sends a request (presigning is local, with the fixed region), so the public
    /// endpoint need not be reachable from the server. The signature covers the host (and a port other than the
    /// scheme's default), which is why a proxy in front of the store must pass the client's Host header on unchanged.
    /// </summary>
    public static IMinioClient CreateForClientUrls(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MinioPublicEndpoint is not { } endpoint)
        {
            return Create(settings);
        }

        // Host and port, and SSL from the scheme: the SDK's Uri overload ignores the scheme.
        return new MinioClient()
            .WithEndpoint(endpoint.Host, endpoint.Port)
            .WithCredentials(settings.MinioAccessKey, settings.MinioSecretKey)
            .WithRegion("us-east-1")
            .WithSSL(endpoint.Scheme == Uri.UriSchemeHttps)
            .Build();
    }
}
