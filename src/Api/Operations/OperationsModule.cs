using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;

namespace EventChat.Api.Operations;

/// <summary>Operations in the Api: health checks (the routes are <see cref="HealthEndpoints"/> and <see cref="AdminProjectionEndpoints"/>).</summary>
public sealed class OperationsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, EventChatSettings settings) => HealthEndpoints.AddChecks(services);
}
