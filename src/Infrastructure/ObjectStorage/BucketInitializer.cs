using EventChat.Infrastructure.Configuration;
using Microsoft.Extensions.Logging;
using Minio;
using Minio.DataModel.Args;

namespace EventChat.Infrastructure.ObjectStorage;

/// <summary>Creates the bucket at start when it is missing. A storage outage at start is logged, not fatal: health reports it.</summary>
public sealed class BucketInitializer(IMinioClient client, EventChatSettings settings, ILogger<BucketInitializer> logger)
{
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            var args = new BucketExistsArgs().WithBucket(settings.MinioBucket);
            if (!await client.BucketExistsAsync(args, cancellationToken))
            {
                await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(settings.MinioBucket), cancellationToken);
                logger.LogInformation("Created bucket {Bucket}", settings.MinioBucket);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Object storage unreachable at start; bucket {Bucket} not verified", settings.MinioBucket);
        }
    }
}
