using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Infrastructure.Operations;

/// <summary>Backups (Hangfire jobs, the schedule, retention) and the storage half of restores, in every process.</summary>
public sealed class OperationsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, EventChatSettings settings)
    {
        services.AddSingleton(BackupOptions.From(settings));
        services.AddSingleton<BackupStore>();
        services.AddSingleton<BackupRunner>();
        services.AddSingleton<RestoreRunner>();
        services.AddTransient<BackupJob>();
        services.AddHostedService<BackupSchedule>();
    }
}
