using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EventChat.Api.Common;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>
/// The common ground on a host with only <see cref="ApiCommon"/> and probe routes: every error is problem+json with
/// a useful detail, in Development and in Production alike.
/// </summary>
public sealed class CommonGroundHostTests(CommonGroundHostFixture hosts) : IClassFixture<CommonGroundHostFixture>
{
    public static TheoryData<string> Environments => new() { "Development", "Production" };

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Malformed_json_body_is_400_problem_naming_the_position(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Uri("/api/probe/echo"), Json("{\"name\": \"a\", \"count\": "));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().Contain("not valid JSON").And.Contain("line 1");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Json_value_of_the_wrong_type_is_400_problem_with_the_field_in_errors(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Uri("/api/probe/echo"), Json("{\"name\": \"a\", \"count\": \"many\"}"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("count", out _).Should().BeTrue(problem.ToString());
        problem.ToString().Should().NotContain("System.Int32").And.NotContain("EchoRequest");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Non_json_content_type_is_415_problem(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Uri("/api/probe/echo"), new StringContent("name=a&count=1", Encoding.UTF8, "text/plain"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("detail").GetString().Should().Contain("application/json").And.Contain("text/plain");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Missing_body_is_a_4xx_problem(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Uri("/api/probe/echo"), content: null);

        ((int)response.StatusCode).Should().BeOneOf(400, 415);
        await response.ShouldBeProblemAsync(response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Body_over_the_default_limit_with_a_content_length_is_413_problem(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Uri("/api/probe/echo"), Json(OversizedJson(RequestBodyLimits.DefaultMaxBytes + 1)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("detail").GetString().Should().Contain(RequestBodyLimits.DefaultMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Chunked_body_over_the_default_limit_is_413_problem(string environment)
    {
        using var client = hosts[environment].CreateClient();
        using var body = new NonSeekableStream(Encoding.UTF8.GetBytes(OversizedJson(RequestBodyLimits.DefaultMaxBytes + 1)));
        using var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(Uri("/api/probe/echo"), content);

        content.Headers.ContentLength.Should().BeNull("the test is about a body of unknown length");
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("detail").GetString().Should().Contain(RequestBodyLimits.DefaultMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task A_route_with_a_raised_limit_accepts_a_body_above_the_default(string environment)
    {
        using var client = hosts[environment].CreateClient();
        var size = (int)RequestBodyLimits.DefaultMaxBytes * 2;

        using var response = await client.PostAsync(Uri("/api/probe/large"), new ByteArrayContent(new byte[size]));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var tooLarge = await client.PostAsync(Uri("/api/probe/large"), new ByteArrayContent(new byte[CommonGroundHostFixture.LargeRouteLimit + 1]));
        var problem = await tooLarge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("detail").GetString().Should().Contain(CommonGroundHostFixture.LargeRouteLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Unparsable_query_parameter_is_400_problem_naming_it(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.GetAsync(Uri("/api/probe/paged?limit=abc"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().Be("'abc' is not a valid value for 'limit'.");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Unexpected_exception_is_500_problem_without_internals_and_is_logged_with_the_correlation_id(string environment)
    {
        var host = hosts[environment];
        using var client = host.CreateClient();
        var correlationId = "boom-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, Uri("/api/probe/boom"));
        request.Headers.Add(CorrelationIds.HeaderName, correlationId);

        using var response = await client.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        problem.GetProperty("detail").GetString().Should().Be(ApiExceptionHandler.UnexpectedErrorDetail);
        problem.GetProperty("correlationId").GetString().Should().Be(correlationId);
        var text = problem.ToString();
        text.Should().NotContain("hunter2").And.NotContain("InvalidOperationException").And.NotContain("EventChat.");

        var logged = await LogFiles.WaitForLineAsync(host.LogFile, line => line.Contains(correlationId, StringComparison.Ordinal) && line.Contains("hunter2", StringComparison.Ordinal));
        using var entry = JsonDocument.Parse(logged);
        entry.RootElement.GetProperty("@l").GetString().Should().Be("Error");
        entry.RootElement.GetProperty("@x").GetString().Should().Contain("InvalidOperationException");
        entry.RootElement.GetProperty("CorrelationId").GetString().Should().Be(correlationId);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Every_request_is_logged_as_a_json_line_with_route_status_duration_and_correlation_id(string environment)
    {
        var host = hosts[environment];
        using var client = host.CreateClient();
        var correlationId = "log-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, Uri("/api/probe/echo")) { Content = Json("{\"name\":\"a\",\"count\":1}") };
        request.Headers.Add(CorrelationIds.HeaderName, correlationId);

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var logged = await LogFiles.WaitForLineAsync(host.LogFile, line => line.Contains(correlationId, StringComparison.Ordinal) && line.Contains("\"StatusCode\"", StringComparison.Ordinal));
        using var entry = JsonDocument.Parse(logged);
        entry.RootElement.GetProperty("RoutePattern").GetString().Should().Be("/api/probe/echo");
        entry.RootElement.GetProperty("StatusCode").GetInt32().Should().Be(200);
        entry.RootElement.GetProperty("Elapsed").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        entry.RootElement.GetProperty("RequestMethod").GetString().Should().Be("POST");
        entry.RootElement.GetProperty("@m").GetString().Should().Contain("/api/probe/echo").And.Contain("200");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Validation_failure_is_400_with_camel_case_fields_in_errors(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.GetAsync(Uri("/api/probe/invalid"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.GetProperty("username").EnumerateArray().Select(e => e.GetString()).Should().HaveCount(2);
        errors.GetProperty("members[0].userId").EnumerateArray().Select(e => e.GetString()).Should().Equal("No such user.");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Application_not_found_is_404_with_its_message(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.GetAsync(Uri("/api/probe/missing"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().Should().Be("Conversation not found.");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Concurrency_conflict_is_409_without_stream_internals(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.GetAsync(Uri("/api/probe/raced"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Be(ExceptionProblems.ConcurrentUpdateDetail);
        problem.ToString().Should().NotContain("conversation-secret-stream");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Authentication_challenge_is_401_problem_with_the_correlation_id(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Uri("/api/probe/secure"), Json("{\"name\":\"a\",\"count\":1}"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString().Should().Contain("Bearer");
        response.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task A_client_that_accepts_only_html_still_gets_problem_json(string environment)
    {
        using var client = hosts[environment].CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Uri("/api/probe/nowhere"));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().Should().Be("No route matches GET /api/probe/nowhere.");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Routing_answers_unknown_routes_wrong_methods_and_content_types_with_problems(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var unknown = await client.GetAsync(Uri("/api/probe/nowhere"));
        using var wrongMethod = await client.DeleteAsync(Uri("/api/probe/echo"));
        using var wrongType = await client.PostAsync(Uri("/api/probe/echo"), new StringContent("x", Encoding.UTF8, "text/plain"));

        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await wrongMethod.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed)).GetProperty("detail").GetString().Should().Contain("POST");
        await wrongType.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task The_openapi_document_marks_routes_that_need_a_token()
    {
        using var client = hosts["Development"].CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync(Uri("/api/openapi.json")));

        var paths = document.RootElement.GetProperty("paths");
        paths.GetProperty("/api/probe/secure").GetProperty("post").GetProperty("security")[0].TryGetProperty(ApiOpenApi.BearerSchemeName, out _).Should().BeTrue();
        paths.GetProperty("/api/probe/echo").GetProperty("post").TryGetProperty("security", out _).Should().BeFalse();
    }

    private static Uri Uri(string relative) => new(relative, UriKind.Relative);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string OversizedJson(long atLeast) => "{\"name\":\"" + new string('x', (int)atLeast) + "\",\"count\":1}";

    /// <summary>A body whose length the client cannot know in advance, so it is sent without Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
