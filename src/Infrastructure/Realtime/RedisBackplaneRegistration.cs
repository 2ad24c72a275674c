using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Realtime;

public static class RedisBackplaneRegistration
{
    /// <summary>
    /// The official Redis backplane on a multiplexer of its own (the backplane disposes the one it is given), wrapped
    /// in <see cref="ChatHubLifetimeManager{THub}"/>.
    /// </summary>
    public static ISignalRServerBuilder AddChatRedisBackplane(this ISignalRServerBuilder builder, string redisConfiguration, string channelPrefix)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var backplaneConnections = new BackplaneConnections();
        builder.AddStackExchangeRedis(redisConfiguration, o =>
        {
            o.Configuration.ChannelPrefix = RedisChannel.Literal(channelPrefix);
            var configuration = o.Configuration;
            o.ConnectionFactory = log => backplaneConnections.ConnectAsync(configuration, log);
        });
        builder.Services.AddSingleton(backplaneConnections);
        builder.Services.Replace(ServiceDescriptor.Singleton(typeof(HubLifetimeManager<>), typeof(ChatHubLifetimeManager<>)));
        return builder;
    }
}
