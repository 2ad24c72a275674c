using EventChat.Infrastructure.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// Closes this instance's hub connections of a session that ended (logout, refresh-token theft), as announced on
/// a Redis channel by the session push projection. The channel carries the database name, like every channel.
/// </summary>
public sealed class SessionEndListener(IConnectionMultiplexer redis, ChatConnections connections, EventChatSettings settings, ILogger<SessionEndListener> logger)
    : IHostedService
{
    private readonly RedisChannel _channel = ChannelFor(settings);

    public static RedisChannel ChannelFor(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return RedisChannel.Literal($"eventchat:{settings.DbName}:realtime:session-ended");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(_channel, (_, message) => OnSessionEnded(message));
        }
        catch (RedisException ex)
        {
            // The multiplexer resubscribes when Redis comes back; until then tokens still expire on their own.
            logger.LogWarning(ex, "Could not subscribe to session ends");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(_channel);
        }
        catch (RedisException)
        {
            // Shutting down anyway.
        }
    }

    private void OnSessionEnded(RedisValue message)
    {
        if (Guid.TryParse(message.ToString(), out var sessionId))
        {
            var closed = connections.AbortSession(sessionId);
            if (closed > 0)
            {
                logger.LogInformation("Closed {Count} hub connections of ended session {SessionId}", closed, sessionId);
            }
        }
    }
}
