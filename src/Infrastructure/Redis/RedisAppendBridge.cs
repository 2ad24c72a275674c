using System.Globalization;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Redis;

/// <summary>
/// Carries append notifications between processes: local appends are published on a Redis channel,
/// and notifications from other processes (another Api instance, the projections worker) wake this
/// process's tailing readers. Losing a message only costs one polling interval. The channel carries the
/// database name (pub/sub ignores Redis' database number), so <c>make run</c> and <c>make test</c> on one
/// Redis never hear each other.
/// </summary>
public sealed class RedisAppendBridge(IConnectionMultiplexer redis, AppendSignal signal, EventChatSettings settings, ILogger<RedisAppendBridge> logger) : IHostedService
{
    private readonly string _instanceId = Guid.NewGuid().ToString("N");

    /// <summary>The channel of this deployment's append notifications.</summary>
    public RedisChannel Channel { get; } = ChannelFor(settings);

    public static RedisChannel ChannelFor(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return RedisChannel.Literal($"eventchat:{settings.DbName}:events:appended");
    }

    /// <summary>The message announcing <paramref name="position"/>, from the process <paramref name="instanceId"/>.</summary>
    public static string MessageFor(string instanceId, long position) =>
        $"{instanceId}:{position.ToString(CultureInfo.InvariantCulture)}";
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
            _subscriber?.Publish(Channel, MessageFor(_instanceId, position), CommandFlags.FireAndForget);
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
