using System.Net;
using System.Text.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Api;

public sealed class HealthWithRedisOutageTests : IAsyncLifetime
{
    private readonly PrivateRedis _redis = new();
    private RedisOutageApiFactory? _factory;

    public async Task InitializeAsync()
    {
        await _redis.StartAsync();
        _factory = new RedisOutageApiFactory(_redis.Port);
    }

    // Only health is asked of this Api; it does not wait for read models.

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Health_is_503_naming_redis_while_redis_is_down_and_200_again_once_it_is_back()
    {
        using var client = _factory!.CreateClient();
        (await StatusAsync(client)).Code.Should().Be(HttpStatusCode.OK);
        var (admin, _, _) = await _factory.SignedInUserAsync(_factory.AdminUsername);
        using var adminClient = admin;

        await _redis.StopAsync();
        await Deadline.WaitUntilAsync(async () => (await StatusAsync(client)).Code == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), "health notices Redis is down");
        var (_, body) = await StatusAsync(client);
        body.GetProperty("status").GetString().Should().Be("degraded");
        body.GetProperty("redis").GetProperty("status").GetString().Should().Be("down");
        body.GetProperty("database").GetProperty("status").GetString().Should().Be("up");
        body.GetProperty("failing").EnumerateArray().Select(e => e.GetString()).Should().Equal("redis");

        // Anonymous callers learn up or down only: exception texts name hosts, ports and users.
        foreach (var part in new[] { "database", "redis", "objectStorage" })
        {
            body.GetProperty(part).EnumerateObject().Select(p => p.Name).Should().Equal(["status"], $"anonymous health shows only the status of {part}");
        }

        body.ToString().Should().NotContain(_redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // An admin gets the reason.
        var (adminCode, adminBody) = await StatusAsync(adminClient);
        adminCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        adminBody.GetProperty("redis").GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        adminBody.GetProperty("database").TryGetProperty("latencyMs", out _).Should().BeTrue();

        // A rebuild is a Hangfire job kept in Redis: with Redis down it cannot be queued, and says so.
        using (var rebuild = await adminClient.PostAsync(new Uri("/api/admin/projections/users/rebuild", UriKind.Relative), null))
        {
            await rebuild.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
            rebuild.Headers.Contains("Retry-After").Should().BeTrue();
        }

        await _redis.StartAsync();
        await Deadline.WaitUntilAsync(async () => (await StatusAsync(client)).Code == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "health recovers once Redis is back");
    }

    private static async Task<(HttpStatusCode Code, JsonElement Body)> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    private sealed class RedisOutageApiFactory(int port) : ApiFactory
    {
        public string AdminUsername { get; } = ApiClientExtensions.UniqueName("hadmin");

        protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string>
        {
            ["ADMIN_USERNAMES"] = AdminUsername,
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["REDIS_PASSWORD"] = string.Empty,

            // This Api only answers health checks: its projection engine would just stand by.
            ["PROJECTIONS_IN_PROCESS"] = "false",
        };
    }
}
