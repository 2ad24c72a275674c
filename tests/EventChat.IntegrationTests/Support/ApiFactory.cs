using Dapper;
using EventChat.Infrastructure.EventStore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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
        await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
        var head = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(position), 0) FROM es_events");
        await Deadline.WaitUntilAsync(
            async () => await connection.ExecuteScalarAsync<long?>("SELECT MIN(position) FROM es_projection_checkpoints WHERE name = 'users'") >= head,
            TimeSpan.FromMinutes(2),
            "the users projection catches up with the test database");
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
        foreach (var (name, value) in Overrides)
        {
            builder.UseSetting(name, value);
        }
    }
}
