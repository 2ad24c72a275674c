using EventChat.Infrastructure.Configuration;
using Minio;

namespace EventChat.Infrastructure.ObjectStorage;

/// <summary>Builds the Minio SDK client for MinIO (docker-compose) or s3rver (local runs and CI).</summary>
public static class ObjectStorageClientFactory
{
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
}
