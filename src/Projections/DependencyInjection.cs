using EventChat.Application.Abstractions;
using EventChat.Application.Users;
using EventChat.Projections.Engine;
using EventChat.Projections.ReadModels;
using EventChat.Projections.Sessions;
using EventChat.Projections.Users;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections;

public static class DependencyInjection
{
    /// <summary>Every projection and the engine that runs them (as a hosted service when <paramref name="runEngine"/>).</summary>
    public static IServiceCollection AddEventChatProjections(this IServiceCollection services, bool runEngine)
    {
        services.AddSingleton(new ProjectionOptions());
        foreach (var migration in ReadModelSchema.Migrations)
        {
            services.AddSingleton(migration);
        }

        services.AddSingleton<ReadModelDbContextFactory>();
        services.AddSingleton<IReadModelConsistency, ProjectionConsistency>();

        services.AddSingleton<IMySqlProjection, UsersProjection>();
        services.AddSingleton<IUserReadModel, UserReadModel>();
        services.AddSingleton<IMySqlProjection, EndedSessionsProjection>();
        services.AddSingleton<SessionRevocations>();

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
