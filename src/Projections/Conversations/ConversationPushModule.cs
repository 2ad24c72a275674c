using EventChat.Application.Abstractions.Realtime;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections.Conversations;

/// <summary>The conversations' pushes (issue 10): the push projection and the members cache it keeps in Redis.</summary>
public sealed class ConversationPushModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, EventChatSettings settings)
    {
        services.AddSingleton<ConversationMembersCache>();
        services.AddSingleton<IConversationMembers>(sp => sp.GetRequiredService<ConversationMembersCache>());
        services.AddSingleton<IEventProjection, ConversationPushProjection>();
    }
}
