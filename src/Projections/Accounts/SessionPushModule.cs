using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections.Accounts;

/// <summary>Session ends reaching the hub connections (issue 10).</summary>
public sealed class SessionPushModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, EventChatSettings settings) =>
        services.AddSingleton<IEventProjection, SessionPushProjection>();
}
