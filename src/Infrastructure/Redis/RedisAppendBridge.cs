using System.Globalization;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Redis;

/// <summary>
/// Carries append notifications between processes: local appends are published on a Redis channel,
/// and notifications from other processes (another Api instance, the projections worker) wake this
/// process's tailing readers. Losing a message only costs one polling interval.
/// </summary>
public sealed class RedisAppendBridge(IConnectionMultiplexer redis, AppendSignal signal, ILogger<RedisAppendBridge> logger) : IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("eventchat:events:appended");

    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private ISubscriber? _subscriber;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriber = redis.GetSubscriber();
        signal.LocalAppend += Publish;
        try
        {
            await _subscriber.SubscribeAsync(Channel, (_, message) => OnMessage(message));
        }
        catch (RedisException ex)
        {
            // Redis down at start: projections still poll; the multiplexer resubscribes when it reconnects.
            logger.LogWarning(ex, "Could not subscribe to append notifications; tailing falls back to polling");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        signal.LocalAppend -= Publish;
        if (_subscriber is not null)
        {
            try
            {
                await _subscriber.UnsubscribeAsync(Channel);
            }
            catch (RedisException)
            {
                // Shutting down anyway.
            }
        }
    }

    private void Publish(long position)
    {
        try
        {
            _subscriber?.Publish(Channel, $"{_instanceId}:{position.ToString(CultureInfo.InvariantCulture)}", CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            logger.LogDebug(ex, "Append notification not published");
        }
    }

    private void OnMessage(RedisValue message)
    {
        var text = message.ToString();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || text.AsSpan(0, colon).SequenceEqual(_instanceId))
        {
            return;
        }

        if (long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            signal.NotifyRemote(position);
        }
    }
}
