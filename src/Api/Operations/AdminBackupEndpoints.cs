using EventChat.Api.Common;
using EventChat.Api.Common.Auth;
using EventChat.Infrastructure.Operations;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventChat.Api.Operations;

/// <summary><c>/api/admin/backups</c>: run a backup now (a Hangfire job) and list the backups kept (admins only).</summary>
public sealed class AdminBackupEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/backups").WithTags("Administration").RequireAuthorization(AuthSetup.AdminPolicy);
        admin.MapPost("/", Run).WithName("RunBackup")
            .WithSummary("Enqueue a backup now (the event store and the object store's files); its progress is in /hangfire").ProducesProblem(403);
        admin.MapGet("/", List).WithName("ListBackups")
            .WithSummary("The backups kept in BACKUP_DIR, newest first, with their sizes (files null once past their retention)").ProducesProblem(403);
    }

    private static Accepted<BackupAccepted> Run(IBackgroundJobClient jobs)
    {
        var jobId = jobs.Enqueue<BackupJob>(job => job.RunAsync(null, CancellationToken.None));
        return TypedResults.Accepted($"{HangfireDashboard.Path}/jobs/details/{jobId}", new BackupAccepted(jobId));
    }

    private static Ok<BackupList> List(BackupStore store) => TypedResults.Ok(new BackupList(store.List()));
}

public sealed record BackupAccepted(string JobId);

public sealed record BackupList(IReadOnlyList<BackupManifest> Items);
