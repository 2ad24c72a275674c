using EventChat.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Infrastructure.Features;

/// <summary>
/// One feature's services in one project (<c>src/Projections/Friends/FriendsModule.cs</c>). Each project's
/// setup discovers the modules in its own assembly, so adding a feature touches no central file.
/// </summary>
public interface IFeatureModule
{
    void AddServices(IServiceCollection services, EventChatSettings settings);
}
