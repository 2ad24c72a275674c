using EventChat.Application.Abstractions.Realtime;
using EventChat.Application.Common;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// SignalR with its Redis backplane, the push port and presence. Registered in the Api and in the projections
/// worker alike: the worker hosts no hub, but its push projections publish through the same backplane.
/// </summary>
public sealed class RealtimeModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new UtcMillisecondsConverter()))
            // Pub/sub ignores Redis databases: the channels carry the database name, so `make run` and `make test` on
            // one Redis never hear each other.
            .AddChatRedisBackplane(settings.RedisConfiguration, $"eventchat:{settings.DbName}:signalr");
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddSingleton<IChatPush, SignalRChatPush>();
        services.AddSingleton<ChatConnections>();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<PresenceNotifier>();
        services.AddHostedService<PresenceMaintenance>();
        services.AddHostedService<SessionEndListener>();
    }
}
