using System.Net;
using System.Text.Json;
using EventChat.Api.Common;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>The common ground as the real Api (Program) wires it: errors, correlation ids, docs, CORS, logs.</summary>
public sealed class CommonGroundApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/api/no-such-route")]
    [InlineData("/api/no/such/route")]
    [InlineData("/no-such-route")]
    public async Task Unknown_route_is_404_problem(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().Should().Be($"No route matches GET {path}.");
    }

    [Fact]
    public async Task Wrong_method_is_405_problem_naming_the_allowed_one()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(new Uri("/api/health", UriKind.Relative), content: null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
        problem.GetProperty("detail").GetString().Should().Contain("POST").And.Contain("GET");
    }

    [Fact]
    public async Task A_client_that_accepts_only_html_still_gets_problem_json()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/nowhere", UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().Should().Be("No route matches GET /api/nowhere.");
    }

    [Fact]
    public async Task A_valid_correlation_id_is_echoed()
    {
        using var client = factory.CreateClient();
        var id = "client-" + Guid.NewGuid().ToString("N") + ":1.2_3";

        using var response = await SendWithCorrelationIdAsync(client, id);

        response.Headers.GetValues(CorrelationIds.HeaderName).Should().Equal(id);
    }

    [Fact]
    public async Task A_correlation_id_is_made_when_none_is_sent()
    {
        using var client = factory.CreateClient();

        using var first = await client.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));

        var firstId = first.Headers.GetValues(CorrelationIds.HeaderName).Should().ContainSingle().Subject;
        firstId.Should().MatchRegex("^[0-9a-f]{32}$");
        second.Headers.GetValues(CorrelationIds.HeaderName).Single().Should().NotBe(firstId);
    }

    [Theory]
    [InlineData("has spaces")]
    [InlineData("semi;colon")]
    [InlineData("ünïcode")]
    [InlineData("<script>")]
    public async Task An_invalid_correlation_id_is_replaced(string invalid)
    {
        using var client = factory.CreateClient();

        using var response = await SendWithCorrelationIdAsync(client, invalid);

        response.Headers.GetValues(CorrelationIds.HeaderName).Single().Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Fact]
    public async Task A_correlation_id_longer_than_100_characters_is_replaced()
    {
        using var client = factory.CreateClient();

        using var exactly100 = await SendWithCorrelationIdAsync(client, new string('a', 100));
        using var over100 = await SendWithCorrelationIdAsync(client, new string('a', 101));

        exactly100.Headers.GetValues(CorrelationIds.HeaderName).Single().Should().Be(new string('a', 100));
        over100.Headers.GetValues(CorrelationIds.HeaderName).Single().Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Fact]
    public async Task Error_responses_carry_the_correlation_id_too()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/nothing-here", UriKind.Relative));
        request.Headers.Add(CorrelationIds.HeaderName, "err-123");

        using var response = await client.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("correlationId").GetString().Should().Be("err-123");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_with_a_bearer_scheme()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        root.GetProperty("openapi").GetString().Should().StartWith("3.");
        root.GetProperty("info").GetProperty("title").GetString().Should().Be("EventChat API");
        root.GetProperty("info").GetProperty("version").GetString().Should().Be("v1");
        root.GetProperty("paths").TryGetProperty("/api/health", out _).Should().BeTrue();
        var bearer = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        bearer.GetProperty("type").GetString().Should().Be("http");
        bearer.GetProperty("scheme").GetString().Should().Be("bearer");
        bearer.GetProperty("bearerFormat").GetString().Should().Be("JWT");
    }

    [Fact]
    public async Task The_interactive_docs_are_served_at_the_prefix_without_a_cdn()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.Should().Be("text/html");
        var html = await response.Content.ReadAsStringAsync();
        // Scalar resolves the document's URL against the page's base path: "api/openapi.json" from "/api/".
        html.Should().Contain("\"url\":\"api/openapi.json\"").And.Contain("src=\"scalar.js\"");
        html.Should().NotContain("cdn.jsdelivr.net").And.NotContain("fonts.scalar.com");
        using var script = await client.GetAsync(new Uri("/api/scalar.js", UriKind.Relative));
        script.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_docs_page_does_not_swallow_unknown_routes_under_the_prefix()
    {
        using var client = factory.CreateClient();

        using var get = await client.GetAsync(new Uri("/api/v2", UriKind.Relative));
        using var post = await client.PostAsync(new Uri("/api/unknown", UriKind.Relative), content: null);

        await get.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await post.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cors_allows_the_configured_origin_with_credentials_and_exposes_the_headers_clients_read()
    {
        using var client = factory.CreateClient();
        var origin = TestSettings.Current.WsCorsOrigins[0];
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri("/api/health", UriKind.Relative));
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/openapi.json", UriKind.Relative));
        request.Headers.Add("Origin", origin);

        using var preflightResponse = await client.SendAsync(preflight);
        using var response = await client.SendAsync(request);

        preflightResponse.StatusCode.Should().Be(HttpStatusCode.NoContent);
        preflightResponse.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(origin);
        preflightResponse.Headers.GetValues("Access-Control-Allow-Credentials").Should().Equal("true");
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(origin);
        var exposed = string.Join(',', response.Headers.GetValues("Access-Control-Expose-Headers"));
        exposed.Should().Contain(CorrelationIds.HeaderName).And.Contain("X-Position");
    }

    [Fact]
    public async Task Cors_does_not_allow_an_unknown_origin()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/openapi.json", UriKind.Relative));
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(request);

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task Refused_requests_are_logged_to_logs_app_log_with_the_correlation_id_and_quick_successes_are_not()
    {
        using var client = factory.CreateClient();
        var succeededId = "api-log-ok-" + Guid.NewGuid().ToString("N");
        var refusedId = "api-log-refused-" + Guid.NewGuid().ToString("N");

        using var succeeded = await SendWithCorrelationIdAsync(client, "/api/openapi.json", succeededId);
        // The body ends when the whole pipeline has returned, request logging included: whatever line the success
        // gets is queued before the refusal's.
        await succeeded.Content.ReadAsStringAsync();
        using var refused = await SendWithCorrelationIdAsync(client, LoggedPath, refusedId);

        succeeded.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var contentRoot = factory.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        var logFile = EventChat.Infrastructure.Logging.EventChatLogging.LogFilePath(contentRoot);
        var line = await LogFiles.WaitForLineAsync(logFile, l => l.Contains(refusedId, StringComparison.Ordinal));
        using var entry = JsonDocument.Parse(line);
        entry.RootElement.GetProperty("CorrelationId").GetString().Should().Be(refusedId);
        entry.RootElement.GetProperty("RoutePattern").GetString().Should().Be("/api/users/me");
        entry.RootElement.GetProperty("StatusCode").GetInt32().Should().Be(401);
        // One queue writes the lines in order: the later request's line is there, so the earlier one's would be.
        LogFiles.ReadLines(logFile).Should().NotContain(l => l.Contains(succeededId, StringComparison.Ordinal), "a quick success is logged at Debug only");
    }

    [Fact]
    public async Task Two_hosts_in_one_process_each_log_and_serve_and_outlive_each_other()
    {
        // WebApplicationFactory starts a host per factory; a frozen static bootstrap logger would fail the second.
        using var first = new ApiFactory();
        using var second = new ApiFactory();
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();
        var firstId = "host-a-" + Guid.NewGuid().ToString("N");
        var secondId = "host-b-" + Guid.NewGuid().ToString("N");

        using var firstResponse = await SendWithCorrelationIdAsync(firstClient, LoggedPath, firstId);
        using var secondResponse = await SendWithCorrelationIdAsync(secondClient, LoggedPath, secondId);
        firstResponse.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        secondResponse.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await first.DisposeAsync();
        var lateId = "host-b-late-" + Guid.NewGuid().ToString("N");
        using var late = await SendWithCorrelationIdAsync(secondClient, LoggedPath, lateId);

        late.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var logFile = EventChat.Infrastructure.Logging.EventChatLogging.LogFilePath(second.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
        foreach (var id in new[] { firstId, secondId, lateId })
        {
            await LogFiles.WaitForLineAsync(logFile, l => l.Contains(id, StringComparison.Ordinal));
        }
    }

    /// <summary>A request refused without a token (401): refusals are logged at the default level, quick successes are not.</summary>
    private const string LoggedPath = "/api/users/me";

    private static Task<HttpResponseMessage> SendWithCorrelationIdAsync(HttpClient client, string correlationId) =>
        SendWithCorrelationIdAsync(client, "/api/openapi.json", correlationId);

    private static async Task<HttpResponseMessage> SendWithCorrelationIdAsync(HttpClient client, string path, string correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation(CorrelationIds.HeaderName, correlationId);
        return await client.SendAsync(request);
    }
}
