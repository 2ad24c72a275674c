using System.Diagnostics;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using Minio;
using Minio.DataModel.Args;
using MySqlConnector;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Health;

/// <summary>Checks MySQL, Redis and object storage, each with its own deadline, in parallel.</summary>
public sealed class DependencyHealth(
    MySqlConnectionFactory connections,
    IConnectionMultiplexer redis,
    IMinioClient objectStorage,
    EventChatSettings settings)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var database = CheckOneAsync(async ct =>
        {
            await using var connection = await connections.OpenAsync(ct);
            await using var command = new MySqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(ct);
        }, cancellationToken);
        var cache = CheckOneAsync(async _ =>
        {
            if (!redis.IsConnected)
            {
                throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "not connected");
            }

            await redis.GetDatabase().PingAsync();
        }, cancellationToken);
        var storage = CheckOneAsync(async ct =>
        {
            var exists = await objectStorage.BucketExistsAsync(new BucketExistsArgs().WithBucket(settings.MinioBucket), ct);
            if (!exists)
            {
                throw new InvalidOperationException($"bucket '{settings.MinioBucket}' does not exist");
            }
        }, cancellationToken);

        return new HealthReport(await database, await cache, await storage);
    }

    private static async Task<DependencyStatus> CheckOneAsync(Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await check(timeout.Token).WaitAsync(timeout.Token);
            return new DependencyStatus("up", (long)stopwatch.Elapsed.TotalMilliseconds, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is OperationCanceledException ? "timed out" : ex.GetType().Name + ": " + ex.Message;
            return new DependencyStatus("down", (long)stopwatch.Elapsed.TotalMilliseconds, reason);
        }
    }
}

public sealed record DependencyStatus(string Status, long LatencyMs, string? Error)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsUp => Status == "up";
}

public sealed record HealthReport(DependencyStatus Database, DependencyStatus Redis, DependencyStatus ObjectStorage)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsHealthy => Database.IsUp && Redis.IsUp && ObjectStorage.IsUp;

    public IReadOnlyList<string> FailingParts =>
        new[] { ("database", Database), ("redis", Redis), ("objectStorage", ObjectStorage) }
            .Where(p => !p.Item2.IsUp).Select(p => p.Item1).ToArray();
}
