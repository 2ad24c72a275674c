using EventChat.Application.Abstractions;
using EventChat.Infrastructure.Configuration;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace EventChat.IntegrationTests.Support;

/// <summary>The real Api in process, against the test database and the services `make test` started.</summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Settings to override, as environment-style names (REDIS_PORT, ADMIN_USERNAMES, …).</summary>
    protected virtual IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string>();

    /// <summary>
    /// Starts the host and waits until the read models have caught up with the log as it stood: the
    /// shared test database holds every earlier run's events, and a test's 5 s read-your-writes bound
    /// is not meant to cover a first catch-up over all of them.
    /// </summary>
    public async Task InitializeAsync()
    {
        using var client = CreateClient();

        // Every projection, not only users: a projection added since the last run starts at position 0 of a log
        // that holds every earlier run's events, and reads with minPosition wait for all of them.
        var caughtUp = await Services.GetRequiredService<IReadModelConsistency>().CatchUpAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
        caughtUp.Should().BeTrue("every projection catches up with the test database");
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    /// <summary>
    /// This host's Hangfire keys: each test host has its own, so a job one host enqueues is never fetched by another
    /// host's server (another test class's, maybe being disposed, which failed jobs and left them to a later retry).
    /// </summary>
    public string HangfirePrefix { get; } = $"{{eventchat:{TestSettings.Current.DbName}:h{Guid.NewGuid():N}}}:hangfire:";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await DeleteHangfireKeysAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        foreach (var (name, value) in TestSettings.AsEnvironment(TestSettings.Current))
        {
            builder.UseSetting(name, value);
        }

        // The lowest BCrypt cost keeps the many sign-ups of the suite fast; production uses SECURITY_BCRYPT_ROUNDS.
        builder.UseSetting("SECURITY_BCRYPT_ROUNDS", "4");

        // Test clients share one (absent) peer address and sign up many users in parallel: a budget no test
        // reaches. The limiter itself is tested with a tiny budget (RateLimitTests).
        builder.UseSetting("SECURITY_RATE_LIMIT_MAX", "1000000");

        // No daily backup of the shared test database from whichever host runs at 02:00; backup tests set their own.
        builder.UseSetting("BACKUP_SCHEDULE", "off");
        builder.UseSetting("BACKUP_DIR", Path.Combine(Path.GetTempPath(), "eventchat-test-backups"));
        foreach (var (name, value) in Overrides)
        {
            builder.UseSetting(name, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<JobStorage>(sp => new RedisStorage(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            new RedisStorageOptions { Prefix = HangfirePrefix, Db = sp.GetRequiredService<EventChatSettings>().RedisDb })));
    }

    private async Task DeleteHangfireKeysAsync()
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(TestSettings.Current.RedisConfiguration);
            var database = redis.GetDatabase(TestSettings.Current.RedisDb);
            var keys = redis.GetServers()[0].KeysAsync(TestSettings.Current.RedisDb, HangfirePrefix + "*");
            await foreach (var key in keys)
            {
                await database.KeyDeleteAsync(key);
            }
        }
        catch (RedisException)
        {
            // A host on a Redis of its own (an outage test) took its keys with it.
        }
    }
}
