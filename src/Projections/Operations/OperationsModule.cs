using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections.Operations;

/// <summary>Operations in the projections: the projection gauges of <c>/metrics</c>.</summary>
public sealed class OperationsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, EventChatSettings settings) => services.AddHostedService<ProjectionMetrics>();
}
