using EventChat.Application.Abstractions;
using EventChat.Infrastructure;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Logging;
using EventChat.Infrastructure.Operations;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventChat.Projections.Operations;

/// <summary>
/// <c>dotnet EventChat.Projections.dll backup</c> (<c>make backup</c>) takes a backup now, as the Hangfire job does, without
/// the Api. <c>dotnet EventChat.Projections.dll restore BACKUP</c> (<c>make restore BACKUP=…</c>): restores a backup (its id in
/// BACKUP_DIR, or the path of its folder) into the configured database, which must be empty or missing, and bucket;
/// then runs every projection from position 0 to the restored head, and exits. Nothing else may write to the
/// database meanwhile (start the Api after it).
/// </summary>
public static class RestoreCommand
{
    public const string Verb = "restore";
    public const string BackupVerb = "backup";

    /// <summary>How long the projections may take to rebuild every read model from the restored log.</summary>
    private static readonly TimeSpan RebuildTimeout = TimeSpan.FromHours(6);

    public static async Task<int> BackupAsync(EventChatSettings settings)
    {
        using var host = BuildHost(settings);
        try
        {
            var manifest = await host.Services.GetRequiredService<BackupRunner>().RunAsync(null, CancellationToken.None);
            Console.WriteLine($"backup {manifest.Id}: {manifest.HeadPosition} events ({manifest.DatabaseDump?.Bytes} bytes), {manifest.Objects} objects ({manifest.Files?.Bytes} bytes) in {Path.GetFullPath(settings.BackupDir)}");
            return 0;
        }
        catch (BackupFailedException ex)
        {
            await Console.Error.WriteLineAsync("backup: " + ex.Message);
            return 1;
        }
    }

    public static async Task<int> RunAsync(string[] args, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(settings);
        if (args.Length != 2)
        {
            await Console.Error.WriteLineAsync("usage: restore BACKUP   (a backup id in BACKUP_DIR, or the path of a backup's folder)");
            return 2;
        }

        using var host = BuildHost(settings);
        var services = host.Services;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RestoreCommand));
        var cancellation = CancellationToken.None;

        var found = services.GetRequiredService<BackupStore>().Find(args[1]);
        if (found is not { } backup)
        {
            await Console.Error.WriteLineAsync($"restore: no backup '{args[1]}' (neither a folder with {BackupStore.ManifestName} nor an id in {settings.BackupDir})");
            return 2;
        }

        try
        {
            var restorer = services.GetRequiredService<RestoreRunner>();
            logger.LogInformation("Restoring backup {Id} ({Path}) into database {Database} and bucket {Bucket}", backup.Manifest.Id, backup.Path, settings.DbName, settings.MinioBucket);
            await restorer.EnsureEmptyDatabaseAsync(cancellation);

            // The migrations make every table (event store, checkpoints, read models) and the bucket; the dump fills the log.
            await services.InitializeEventChatAsync(cancellation);
            var head = await restorer.LoadDatabaseAsync(backup.Path, backup.Manifest, cancellation);
            logger.LogInformation("Event store restored: {Head} events", head);
            var objects = await restorer.RestoreFilesAsync(backup.Path, backup.Manifest, cancellation);
            logger.LogInformation("Objects restored: {Objects}", objects);

            // Every projection starts at position 0 in the new database: running them to the head rebuilds every read model.
            // Read models outside MySQL (the Redis inbox) may still hold another history: each starts from an empty copy.
            foreach (var external in services.GetServices<IEventProjection>().OfType<IRebuildableEventProjection>())
            {
                await using var empty = await external.CreateCopyAsync(cancellation);
                await empty.SwapInAsync(cancellation);
            }

            // Pushes describe new events to connected clients: a restored history is not news, so they start at the head.
            var checkpoints = services.GetRequiredService<ProjectionCheckpoints>();
            foreach (var pushes in services.GetServices<IEventProjection>().Where(p => p is not IRebuildableEventProjection))
            {
                await checkpoints.EnsureAsync(pushes.Name, head, cancellation);
            }

            var engine = ActivatorUtilities.CreateInstance<ProjectionEngine>(services);
            await engine.StartAsync(cancellation);
            var caughtUp = await services.GetRequiredService<IReadModelConsistency>().CatchUpAsync(RebuildTimeout, cancellation);
            await engine.StopAsync(cancellation);
            if (!caughtUp)
            {
                await Console.Error.WriteLineAsync($"restore: the projections did not reach position {head} within {RebuildTimeout.TotalHours} h; start the Api or the worker to let them finish");
                return 1;
            }

            Console.WriteLine($"restored backup {backup.Manifest.Id}: {head} events, {objects} objects, every projection rebuilt to position {head}");
            return 0;
        }
        catch (BackupFailedException ex)
        {
            await Console.Error.WriteLineAsync("restore: " + ex.Message);
            return 1;
        }
    }

    /// <summary>The worker's services without its hosted services started (no engine, no Hangfire server, no schedule).</summary>
    internal static IHost BuildHost(EventChatSettings settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = settings.Environment });
        builder.Services.AddEventChatLogging(settings.LogLevel, builder.Environment.ContentRootPath, "EventChat.Operations", settings.LogInstance);
        builder.Services.AddEventChatInfrastructure(settings);
        builder.Services.AddEventChatProjections(settings, runEngine: false);
        return builder.Build();
    }
}
