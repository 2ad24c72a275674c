using EventChat.Application.Abstractions;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using EventChat.Infrastructure.Jobs;
using EventChat.Projections.Engine;
using EventChat.Projections.Jobs;
using EventChat.Projections.ReadModels;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace EventChat.Projections;

public static class DependencyInjection
{
    /// <summary>Every projection and the engine that runs them (as a hosted service when <paramref name="runEngine"/>).</summary>
    public static IServiceCollection AddEventChatProjections(this IServiceCollection services, EventChatSettings settings, bool runEngine)
    {
        services.AddSingleton(new ProjectionOptions());
        services.AddSingleton<ReadModelDbContextFactory>();
        services.AddSingleton<ProjectionProgress>();
        services.AddSingleton<ProjectionCatalog>();
        services.AddSingleton<IReadModelConsistency, ProjectionConsistency>();

        services.AddSingleton<ProjectionCheckpoints>();
        services.AddSingleton<ProjectionStatusReader>();
        services.AddSingleton<ProjectionReplay>();
        services.AddSingleton<ProjectionRebuilder>();
        services.AddTransient<ProjectionRebuildJob>();
        // Hangfire's default activator is a process-wide static, set by whichever host configured Hangfire last: with
        // several hosts in one process (the tests), a job could be activated from another, disposed host's container.
        // Each host activates its jobs from its own container.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, configuration) => configuration.UseEventChatStorage(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<EventChatSettings>()));
        if (runEngine)
        {
            services.AddSingleton<ProjectionEngine>();
            services.AddHostedService(sp => sp.GetRequiredService<ProjectionEngine>());

            // Jobs (rebuilds) run where the projections run: they take the projections' leases.
            services.AddHangfireServer(options => options.WorkerCount = 2);
        }

        return services.AddFeatureModules(settings, typeof(DependencyInjection).Assembly);
    }
}
