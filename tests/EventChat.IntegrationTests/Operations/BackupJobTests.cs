using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Operations;
using EventChat.IntegrationTests.Support;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Operations;

/// <summary>
/// A backup job whose database is down (its dump pointed at a closed port) shows as Failed in Hangfire and is retried;
/// it leaves no partial backup and removes no old one. Retention deletes what passed it and never anything newer.
/// </summary>
public sealed class BackupJobTests
{
    [Fact]
    public async Task A_backup_whose_database_is_down_is_failed_in_Hangfire_retried_and_removes_nothing()
    {
        await using var resources = new BackupTestResources();
        await using (var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync($"CREATE DATABASE `{resources.Database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }

        // A good old backup, past every retention: a failed run must not touch it.
        var old = SeedBackup(resources.BackupDir, DateTimeOffset.UtcNow.AddDays(-40), withFiles: true);
        using var closedPort = new ClosedPort();
        await using var factory = new BackupApiFactory(resources, services => services.AddSingleton(sp =>
            BackupOptions.From(sp.GetRequiredService<EventChatSettings>()) with { DbPort = closedPort.Port }));
        await factory.InitializeAsync();
        using var anonymous = factory.CreateClient();
        await anonymous.RegisterAsync(resources.Admin);
        var tokens = await anonymous.LoginAsync(resources.Admin);
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);

        using var run = await admin.PostAsync("/api/admin/backups", null);
        await run.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var jobId = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
        var jobs = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        await HangfireStates.ExplainTimeoutAsync(jobs, jobId, () => Deadline.WaitUntilAsync(
            () => jobs.JobDetails(jobId).History is [{ StateName: "Scheduled" } retry, { StateName: "Failed" } failed, ..]
                && retry.Reason.StartsWith("Retry attempt 1 of 3", StringComparison.Ordinal)
                && failed.Data["ExceptionMessage"].Contains("exited with", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "the job fails (the dump cannot connect) and is scheduled for a retry"));

        // The retry runs (brought forward instead of waiting its minute) and fails again: the second of three attempts.
        factory.Services.GetRequiredService<IBackgroundJobClient>().Requeue(jobId).Should().BeTrue();
        await HangfireStates.ExplainTimeoutAsync(jobs, jobId, () => Deadline.WaitUntilAsync(
            () => jobs.JobDetails(jobId).History is [{ StateName: "Scheduled" } retry, { StateName: "Failed" }, ..]
                && retry.Reason.StartsWith("Retry attempt 2 of 3", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "the retry runs and is scheduled again"));

        var listed = await admin.GetFromJsonAsync<BackupListDto>("/api/admin/backups");
        listed!.Items.Select(i => i.Id).Should().Equal([old], "no partial backup is listed, and the old one is still there");
        Directory.GetDirectories(resources.BackupDir).Select(Path.GetFileName).Should().Equal([old], "the failed run's partial folder is gone");

        var metrics = PrometheusText.Parse(await anonymous.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        metrics.Single(s => s.Name == "eventchat_backups_total" && s.Label("result") == "failed").Value.Should().Be(2);
    }

    [Fact]
    public void Retention_deletes_dumps_after_30_days_and_files_after_7_never_anything_newer()
    {
        var directory = Directory.CreateTempSubdirectory("eventchat-retention-").FullName;
        try
        {
            var now = new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
            var options = BackupOptions.From(TestSettings.Current) with { Directory = directory };
            var gone = SeedBackup(directory, now.AddDays(-30).AddMinutes(-1), withFiles: true);
            var lastDay = SeedBackup(directory, now.AddDays(-30).AddMinutes(1), withFiles: true);
            var filesGone = SeedBackup(directory, now.AddDays(-7).AddMinutes(-1), withFiles: true);
            var fresh = SeedBackup(directory, now.AddDays(-7).AddMinutes(1), withFiles: true);
            var today = SeedBackup(directory, now.AddMinutes(-1), withFiles: true);
            var store = new BackupStore(options);

            var report = store.ApplyRetention(now);

            report.Deleted.Should().Equal(gone);
            report.FilesDeleted.Should().BeEquivalentTo([lastDay, filesGone]);
            store.List().Select(m => m.Id).Should().Equal(today, fresh, filesGone, lastDay);
            store.List().Where(m => m.Files is not null).Select(m => m.Id).Should().BeEquivalentTo([today, fresh]);
            File.Exists(Path.Combine(directory, filesGone, BackupStore.FilesName)).Should().BeFalse();
            File.Exists(Path.Combine(directory, filesGone, BackupStore.DumpName)).Should().BeTrue();
            store.List().Single(m => m.Id == filesGone).FilesDeletedAt.Should().Be(now);

            // Again: nothing more to do.
            var again = store.ApplyRetention(now);
            again.Deleted.Should().BeEmpty();
            again.FilesDeleted.Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A backup folder as the runner leaves it (small stand-in files), created at <paramref name="createdAt"/>.</summary>
    private static string SeedBackup(string directory, DateTimeOffset createdAt, bool withFiles)
    {
        var id = BackupStore.NewId(createdAt);
        var path = Path.Combine(directory, id);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, BackupStore.DumpName), "dump");
        if (withFiles)
        {
            File.WriteAllText(Path.Combine(path, BackupStore.FilesName), "files");
        }

        var manifest = new BackupManifest(
            id, createdAt, "db", "bucket", 1, new BackupFile(BackupStore.DumpName, 4, "x"), withFiles ? new BackupFile(BackupStore.FilesName, 5, "y") : null,
            withFiles ? 1 : 0, [], "mariadb-dump", 0.1);
        BackupStore.WriteManifestAsync(path, manifest, CancellationToken.None).GetAwaiter().GetResult();
        return id;
    }
}
