using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections;

public static class DependencyInjection
{
    /// <summary>Every projection and the engine that runs them (as a hosted service when <paramref name="runEngine"/>).</summary>
    public static IServiceCollection AddEventChatProjections(this IServiceCollection services, bool runEngine)
    {
        services.AddSingleton(new ProjectionOptions());
        services.AddSingleton<ProjectionCheckpoints>();
        services.AddSingleton<ProjectionStatusReader>();
        if (runEngine)
        {
            services.AddSingleton<ProjectionEngine>();
            services.AddHostedService(sp => sp.GetRequiredService<ProjectionEngine>());
        }

        return services;
    }
}
