using EventChat.Application.Abstractions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

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
    }
}
