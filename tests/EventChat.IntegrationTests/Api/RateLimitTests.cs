using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Api;

/// <summary>
/// An Api with a tiny budget (SECURITY_RATE_LIMIT_MAX=20 per minute: auth routes 2 per client IP, writes 20 per
/// user) behind one trusted proxy range (TRUSTED_PROXIES=10.9.0.0/16).
/// </summary>
public sealed class TinyBudgetApiFactory : ApiFactory
{
    public const string Proxy = "10.9.0.5";

    protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string>
    {
        ["SECURITY_RATE_LIMIT_MAX"] = "20",
        ["SECURITY_RATE_LIMIT_TTL"] = "600000",
        ["TRUSTED_PROXIES"] = "10.9.0.0/16, 192.0.2.1",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestPeerAddress>());
    }
}

public sealed class RateLimitTests(TinyBudgetApiFactory factory) : IClassFixture<TinyBudgetApiFactory>
{
    [Fact]
    public async Task Auth_routes_are_limited_per_client_ip_with_a_429_problem_and_Retry_After()
    {
        using var client = factory.CreateClient();
        var ip = RandomTestIp();

        // Two attempts per window on the auth routes (a tenth of 20), whatever the route.
        (await LoginAsync(client, ip)).Should().Be(HttpStatusCode.Unauthorized);
        using (var refresh = await SendAsync(client, HttpMethod.Post, "/api/auth/refresh", new { refreshToken = "x" }, ip))
        {
            refresh.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using var limited = await SendAsync(client, HttpMethod.Post, "/api/auth/register", new { username = "whatever", email = "w@example.test", password = "password1" }, ip);
        var problem = await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.Should().BeInRange(1, 600);

        // Another client IP has its own budget.
        (await LoginAsync(client, RandomTestIp())).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task X_Forwarded_For_names_the_client_only_when_the_peer_is_a_trusted_proxy()
    {
        using var client = factory.CreateClient();

        // Through the trusted proxy, each forwarded client has its own budget.
        var first = RandomTestIp();
        (await LoginAsync(client, TinyBudgetApiFactory.Proxy, first)).Should().Be(HttpStatusCode.Unauthorized);
        (await LoginAsync(client, TinyBudgetApiFactory.Proxy, first)).Should().Be(HttpStatusCode.Unauthorized);
        (await LoginAsync(client, TinyBudgetApiFactory.Proxy, first)).Should().Be(HttpStatusCode.TooManyRequests);
        (await LoginAsync(client, TinyBudgetApiFactory.Proxy, RandomTestIp())).Should().Be(HttpStatusCode.Unauthorized);

        // From an untrusted peer the header is ignored: changing it does not buy a new budget.
        var untrusted = RandomTestIp();
        (await LoginAsync(client, untrusted, RandomTestIp())).Should().Be(HttpStatusCode.Unauthorized);
        (await LoginAsync(client, untrusted, RandomTestIp())).Should().Be(HttpStatusCode.Unauthorized);
        (await LoginAsync(client, untrusted, RandomTestIp())).Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Writes_are_limited_per_user_and_reads_are_not()
    {
        using var user = await SignedInAsync();
        using var other = await SignedInAsync();
        {
            var lastPosition = "0";
            for (var i = 0; i < 20; i++)
            {
                using var write = await user.PatchAsJsonAsync("/api/users/me", new { bio = $"bio {i}" });
                await write.ShouldHaveStatusAsync(HttpStatusCode.OK);
                lastPosition = write.Headers.GetValues("X-Position").Single();
            }

            using var limited = await user.PatchAsJsonAsync("/api/users/me", new { bio = "one too many" });
            await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
            limited.Headers.Contains("Retry-After").Should().BeTrue();

            using var read = await user.GetAsync(new Uri($"/api/users/me?minPosition={lastPosition}", UriKind.Relative));
            await read.ShouldHaveStatusAsync(HttpStatusCode.OK);
            using var otherWrite = await other.PatchAsJsonAsync("/api/users/me", new { bio = "mine" });
            await otherWrite.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }
    }

    /// <summary>Signs up and logs in from a fresh address (exactly the auth budget of one address).</summary>
    private async Task<HttpClient> SignedInAsync()
    {
        var ip = RandomTestIp();
        var name = ApiClientExtensions.UniqueName("rl");
        using var anonymous = factory.CreateClient();
        using (var registered = await SendAsync(anonymous, HttpMethod.Post, "/api/auth/register", new { username = name, email = $"{name}@example.test", password = "password1" }, ip))
        {
            await registered.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        using var login = await SendAsync(anonymous, HttpMethod.Post, "/api/auth/login", new { login = name, password = "password1" }, ip);
        await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var tokens = (await login.Content.ReadFromJsonAsync<TokenPairDto>())!;
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }

    private static async Task<HttpStatusCode> LoginAsync(HttpClient client, string peer, string? forwardedFor = null)
    {
        using var response = await SendAsync(client, HttpMethod.Post, "/api/auth/login", new { login = "nobody_" + Guid.NewGuid().ToString("N")[..8], password = "password1" }, peer, forwardedFor);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object body, string peer, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(TestPeerAddress.Header, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }

    /// <summary>An address of 198.18.0.0/15 (benchmarking range), fresh per call, so test runs never share a budget.</summary>
    private static string RandomTestIp() => $"198.{18 + Random.Shared.Next(2)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
}
