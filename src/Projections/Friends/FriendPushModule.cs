using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections.Friends;

/// <summary>The friend requests' pushes (issue 10).</summary>
public sealed class FriendPushModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, EventChatSettings settings) =>
        services.AddSingleton<IEventProjection, FriendPushProjection>();
}
