using System.Net;
using EventChat.Infrastructure.Operations;
using EventChat.IntegrationTests.Support;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace EventChat.IntegrationTests.Operations;

/// <summary>The Api with BACKUP_SCHEDULE set (ApiFactory turns it off for every other test).</summary>
public sealed class ScheduledBackupApiFactory(string schedule) : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string> { ["BACKUP_SCHEDULE"] = schedule };
}

/// <summary>
/// The recurring backup as Hangfire stores it, read through Hangfire's storage API under the host's own prefix: the
/// configured cron in UTC when BACKUP_SCHEDULE is a cron expression, and removed when it is <c>off</c>.
/// </summary>
public sealed class BackupScheduleTests
{
    [Theory]
    [InlineData(EventChat.Infrastructure.Configuration.EventChatSettings.DefaultBackupSchedule)]
    [InlineData("30 3 * * 1-5")]
    public async Task The_backup_is_a_recurring_Hangfire_job_at_the_configured_cron_in_UTC(string schedule)
    {
        await using var factory = new ScheduledBackupApiFactory(schedule);
        await factory.InitializeAsync();

        var job = RecurringBackup(factory.Services.GetRequiredService<JobStorage>());

        job.Should().NotBeNull($"BACKUP_SCHEDULE={schedule} registers {BackupOptions.RecurringJobId} at start");
        job!.Cron.Should().Be(schedule);
        job.TimeZoneId.Should().Be("UTC");
        job.Job.Type.Should().Be<BackupJob>();
        job.Job.Method.Name.Should().Be(nameof(BackupJob.RunAsync));
        job.NextExecution.Should().NotBeNull().And.BeAfter(DateTime.UtcNow);
    }

    [Fact]
    public async Task Off_removes_a_recurring_backup_registered_before()
    {
        await using var factory = new ApiFactory();

        // A schedule left in this host's Hangfire keys by an earlier start with a cron.
        using (var redis = await ConnectionMultiplexer.ConnectAsync(TestSettings.Current.RedisConfiguration))
        {
            var storage = new RedisStorage(redis, new RedisStorageOptions { Prefix = factory.HangfirePrefix, Db = TestSettings.Current.RedisDb });
            new RecurringJobManager(storage).AddOrUpdate<BackupJob>(
                BackupOptions.RecurringJobId, job => job.RunAsync(null, CancellationToken.None), "0 2 * * *", new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            RecurringBackup(storage).Should().NotBeNull();
        }

        await factory.InitializeAsync();

        RecurringBackup(factory.Services.GetRequiredService<JobStorage>()).Should().BeNull("ApiFactory sets BACKUP_SCHEDULE=off");
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_gets_403_on_listing_and_running_backups()
    {
        await using var factory = new ApiFactory();
        await factory.InitializeAsync();
        var (client, _, _) = await factory.SignedInUserAsync();
        using (client)
        {
            using var list = await client.GetAsync(new Uri("/api/admin/backups", UriKind.Relative));
            await list.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            using var run = await client.PostAsync(new Uri("/api/admin/backups", UriKind.Relative), null);
            await run.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    private static RecurringJobDto? RecurringBackup(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([BackupOptions.RecurringJobId]).SingleOrDefault(j => !j.Removed);
    }
}

/// <summary>Redis away when a process starts: the process starts anyway and the schedule follows once Redis answers.</summary>
public sealed class BackupScheduleOutageTests
{
    [Fact]
    public async Task The_schedule_is_registered_once_Redis_answers_and_start_does_not_fail_meanwhile()
    {
        var jobs = new FlakyRecurringJobs(failures: 2);
        var schedule = new BackupSchedule(
            BackupOptions.From(TestSettings.Current) with { Schedule = "0 2 * * *" },
            jobs,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<BackupSchedule>.Instance);

        await schedule.StartAsync(CancellationToken.None);
        jobs.Registered.Should().BeFalse("Redis refused the first attempt");

        await Deadline.WaitUntilAsync(() => Task.FromResult(jobs.Registered), BackupSchedule.RetryEvery * 3 + TimeSpan.FromSeconds(5), "the retry registers the backup");
        jobs.Attempts.Should().Be(3);
        await schedule.StopAsync(CancellationToken.None);
    }

    private sealed class FlakyRecurringJobs(int failures) : IRecurringJobManager
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        private volatile bool _registered;

        // Set on the retry's thread, read by the test's polling.
        public bool Registered => _registered;

        public void AddOrUpdate(string recurringJobId, Hangfire.Common.Job job, string cronExpression, RecurringJobOptions options)
        {
            if (Interlocked.Increment(ref _attempts) <= failures)
            {
                throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No redis server available");
            }

            _registered = recurringJobId == BackupOptions.RecurringJobId;
        }

        public void Trigger(string recurringJobId) => throw new NotSupportedException();

        public void RemoveIfExists(string recurringJobId) => throw new NotSupportedException();
    }
}
