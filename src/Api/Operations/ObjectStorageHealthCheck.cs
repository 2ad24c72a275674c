using EventChat.Infrastructure.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Minio;
using Minio.DataModel.Args;

namespace EventChat.Api.Operations;

/// <summary>The object store answers and the bucket exists.</summary>
public sealed class ObjectStorageHealthCheck(IMinioClient objectStorage, EventChatSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var exists = await objectStorage.BucketExistsAsync(new BucketExistsArgs().WithBucket(settings.MinioBucket), cancellationToken);
        return exists ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"bucket '{settings.MinioBucket}' does not exist");
    }
}
