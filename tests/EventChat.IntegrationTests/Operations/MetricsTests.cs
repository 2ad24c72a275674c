using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventChat.IntegrationTests.Support;
using EventChat.IntegrationTests.Uploads;
using EventChat.Projections.Engine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Operations;

/// <summary>
/// The Api on Kestrel (a real port, so a real Prometheus can scrape it), with a small budget on the auth routes
/// (SECURITY_RATE_LIMIT_MAX=50: 5 auth requests per client IP and 10 minutes) so that a session meets a 429.
/// </summary>
public sealed class MetricsApiFactory : ApiFactory
{
    public MetricsApiFactory() => UseKestrel(0);

    protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string>
    {
        ["SECURITY_RATE_LIMIT_MAX"] = "50",
        ["SECURITY_RATE_LIMIT_TTL"] = "600000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseUrls("http://127.0.0.1:0");
    }

    public Uri BaseAddress
    {
        get
        {
            using var client = CreateClient();
            return client.BaseAddress!;
        }
    }
}

/// <summary>
/// One scripted session (two sign-ups, logins until the limiter refuses one, a friend request accepted, three
/// messages and a resend, an upload), then <c>GET /metrics</c>: each metric is there with its labels and values
/// that fit the session. The factory is this class's alone, so the counts are the session's.
/// </summary>
public sealed class MetricsTests(MetricsApiFactory factory) : IClassFixture<MetricsApiFactory>
{
    [Fact]
    public async Task Metrics_after_a_scripted_session_count_requests_by_route_template_appends_messages_uploads_and_rejections()
    {
        using var anonymous = factory.CreateClient();
        var ann = await anonymous.RegisterAsync(ApiClientExtensions.UniqueName("mann"));
        var bob = await anonymous.RegisterAsync(ApiClientExtensions.UniqueName("mbob"));
        var annTokens = await anonymous.LoginAsync(ann.Username);
        var bobTokens = await anonymous.LoginAsync(bob.Username);

        // Five auth requests per window and client: the fifth passes, the sixth is refused.
        await anonymous.LoginAsync(bob.Username);
        using (var refused = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = bob.Username, password = "correct-horse-1" }))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        }

        using var annClient = Authorized(annTokens.AccessToken);
        using var bobClient = Authorized(bobTokens.AccessToken);
        using var sent = await annClient.PostAsJsonAsync("/api/friend-requests", new { toUserId = bob.Id });
        await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var requestId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var sentPosition = long.Parse(sent.Headers.GetValues("X-Position").Single(), System.Globalization.CultureInfo.InvariantCulture);
        using (var accepted = await bobClient.PostAsync($"/api/friend-requests/{requestId}/accept?minPosition={sentPosition}", null))
        {
            await accepted.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var position = long.Parse(accepted.Headers.GetValues("X-Position").Single(), System.Globalization.CultureInfo.InvariantCulture);
            var friends = await annClient.GetFromJsonAsync<JsonElement>($"/api/friends?minPosition={position}");
            var conversationId = friends.GetProperty("items")[0].GetProperty("conversationId").GetGuid();

            for (var i = 0; i < 3; i++)
            {
                using var message = await annClient.PostAsJsonAsync($"/api/conversations/{conversationId}/messages", new { clientMessageId = $"m{i}", type = "text", text = $"hello {i}" });
                await message.ShouldHaveStatusAsync(HttpStatusCode.Created);
            }

            // A resend of the same clientMessageId is answered with the original: not a fourth message.
            using var resend = await annClient.PostAsJsonAsync($"/api/conversations/{conversationId}/messages", new { clientMessageId = "m2", type = "text", text = "hello 2" });
            await resend.ShouldHaveStatusAsync(HttpStatusCode.OK);

            using var notMine = await bobClient.GetAsync($"/api/conversations/{Guid.NewGuid()}/messages");
            notMine.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        await UploadClient.UploadAsync(annClient, UploadClient.Sample("image/png"), "p.png", "image/png");
        (await factory.Services.GetRequiredService<EventChat.Application.Abstractions.IReadModelConsistency>()
            .CatchUpAsync(TimeSpan.FromSeconds(30), CancellationToken.None)).Should().BeTrue();

        var samples = await ScrapeAsync(anonymous);

        // HTTP: method, route template and status code, never a raw path.
        Value(samples, "http_requests_total", ("method", "POST"), ("route", "/api/auth/register"), ("status_code", "201")).Should().Be(2);
        Value(samples, "http_requests_total", ("method", "POST"), ("route", "/api/auth/login"), ("status_code", "200")).Should().Be(3);
        Value(samples, "http_requests_total", ("method", "POST"), ("route", "/api/auth/login"), ("status_code", "429")).Should().Be(1);
        Value(samples, "http_requests_total", ("method", "POST"), ("route", "/api/conversations/{id:guid}/messages"), ("status_code", "201")).Should().Be(3);
        Value(samples, "http_requests_total", ("method", "POST"), ("route", "/api/conversations/{id:guid}/messages"), ("status_code", "200")).Should().Be(1);
        Value(samples, "http_requests_total", ("method", "GET"), ("route", "/api/conversations/{id:guid}/messages"), ("status_code", "404")).Should().Be(1);
        samples.Where(s => s.Name.StartsWith("http_", StringComparison.Ordinal))
            .Should().OnlyContain(s => !System.Text.RegularExpressions.Regex.IsMatch(s.Label("route"), "[0-9a-f]{8}-[0-9a-f]{4}"), "a route label is a template, not a path with ids");
        Value(samples, "http_request_duration_seconds_count", ("method", "POST"), ("route", "/api/uploads"), ("status_code", "201")).Should().Be(1);
        var uploadSeconds = Value(samples, "http_request_duration_seconds_sum", ("method", "POST"), ("route", "/api/uploads"), ("status_code", "201"));
        uploadSeconds.Should().BeInRange(0.0001, 30);
        Value(samples, "http_request_duration_seconds_bucket", ("method", "POST"), ("route", "/api/uploads"), ("status_code", "201"), ("le", "+Inf")).Should().Be(1);
        Value(samples, "http_request_duration_seconds_bucket", ("method", "POST"), ("route", "/api/uploads"), ("status_code", "201"), ("le", "3")).Should().Be(1);

        // The event store: appends by result, events by type, batches and their sizes.
        Value(samples, "eventchat_events_appended_total", ("type", "user.registered.v2")).Should().Be(2);
        Value(samples, "eventchat_events_appended_total", ("type", "conversation.message-sent.v1")).Should().Be(3);
        var committed = Value(samples, "eventchat_event_appends_total", ("result", "committed"));
        committed.Should().BeGreaterThanOrEqualTo(2 + 3 + 2 + 3 + 1, "sign-ups, successful logins, request and accept, messages, upload each append once at least");
        var batches = Value(samples, "eventchat_event_store_batches_total");
        batches.Should().BeInRange(1, committed);
        Value(samples, "eventchat_event_store_batch_events_count").Should().Be(batches);
        Value(samples, "eventchat_event_store_batch_events_sum").Should().Be(samples.Where(s => s.Name == "eventchat_events_appended_total").Sum(s => s.Value));
        Value(samples, "eventchat_event_store_batch_appends_sum").Should().Be(committed);

        Value(samples, "eventchat_messages_sent_total").Should().Be(3);
        Value(samples, "eventchat_uploads_stored_total").Should().Be(1);
        Value(samples, "eventchat_rate_limit_rejections_total", ("policy", "auth")).Should().Be(1);

        // Projections: one series per projection, caught up (lag 0) after the wait above.
        foreach (var projection in factory.Services.GetServices<IMySqlProjection>())
        {
            var position = Value(samples, "eventchat_projection_position", ("projection", projection.Name));
            var head = Value(samples, "eventchat_projection_head_position", ("projection", projection.Name));
            position.Should().BeGreaterThan(0);
            head.Should().BeGreaterThanOrEqualTo(position);
            Value(samples, "eventchat_projection_lag_events", ("projection", projection.Name)).Should().Be(head - position);
            Value(samples, "eventchat_projection_lag_seconds", ("projection", projection.Name)).Should().BeInRange(0, 60);
            Value(samples, "eventchat_projection_parked_events", ("projection", projection.Name)).Should().BeGreaterThanOrEqualTo(0);
        }

        // SignalR connections: the session opened none (SignalRConnectionsMetricTests opens and closes real ones).
        Value(samples, "eventchat_signalr_connections").Should().Be(0);

        // Process metrics, for the memory and CPU panels.
        Value(samples, "process_cpu_seconds_total").Should().BeGreaterThan(0);
        Value(samples, "process_working_set_bytes").Should().BeGreaterThan(10_000_000);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_served_without_a_token()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/metrics");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("# TYPE http_requests_total counter").And.Contain("# TYPE http_request_duration_seconds histogram");
    }

    private HttpClient Authorized(string accessToken)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client) =>
        PrometheusText.Parse(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, params (string Name, string Value)[] labels)
    {
        var matching = samples.Where(s => s.Name == name && labels.All(l => s.Label(l.Name) == l.Value)).ToArray();
        matching.Should().NotBeEmpty($"{name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}} is exposed; found: " +
            string.Join("; ", samples.Where(s => s.Name == name).Select(s => string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}")))));
        return matching.Sum(s => s.Value);
    }
}
