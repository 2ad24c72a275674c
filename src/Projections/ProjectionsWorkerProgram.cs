using EventChat.Infrastructure;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Logging;
using EventChat.Projections.Audit;
using EventChat.Projections.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventChat.Projections;

/// <summary>
/// The projections worker on its own (<c>dotnet run --project src/Projections</c>), for scale-out:
/// run Api instances with <c>PROJECTIONS_IN_PROCESS=false</c> and one or more of these; the leases
/// keep exactly one active instance per projection. With the arguments <c>backup</c> or <c>restore BACKUP</c> it takes or
/// restores a backup instead (<see cref="RestoreCommand"/>); with <c>verify</c> it compares the read models with a replay
/// of the log (<see cref="VerifyCommand"/>). The worker serves its metrics on METRICS_PORT (<see cref="WorkerMetricServer"/>).
/// </summary>
public static class ProjectionsWorkerProgram
{
    public static async Task<int> Main(string[] args)
    {
        EventChatSettings settings;
        try
        {
            settings = EventChatSettings.Load(DotEnvFile.EnvironmentThenFile());
        }
        catch (SettingsException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }

        if (args is [RestoreCommand.Verb, ..])
        {
            return await RestoreCommand.RunAsync(args, settings);
        }

        if (args is [VerifyCommand.Verb, ..])
        {
            return await VerifyCommand.RunAsync(args, settings);
        }

        if (args is [RestoreCommand.BackupVerb])
        {
            return await RestoreCommand.BackupAsync(settings);
        }

        // The worker follows ASPNETCORE_ENVIRONMENT like the Api, not the generic host's DOTNET_ENVIRONMENT.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, EnvironmentName = settings.Environment });
        builder.Services.AddEventChatLogging(settings.LogLevel, builder.Environment.ContentRootPath, "EventChat.Projections", settings.LogInstance);
        builder.Services.AddEventChatInfrastructure(settings);
        builder.Services.AddEventChatProjections(settings, runEngine: true);
        builder.Services.AddHostedService<WorkerMetricServer>();
        using var host = builder.Build();
        await host.Services.InitializeEventChatAsync(CancellationToken.None);
        try
        {
            await host.RunAsync();
        }
        catch (SettingsException ex)
        {
            // METRICS_PORT taken: one line naming the setting, as for any other setting.
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }

        return 0;
    }
}
