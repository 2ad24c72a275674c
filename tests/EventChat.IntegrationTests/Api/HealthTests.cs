using System.Net;
using System.Text.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Api;

public sealed class HealthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Health_reports_database_redis_and_object_storage_up()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().Should().Be("ok");
        foreach (var part in new[] { "database", "redis", "objectStorage" })
        {
            body.RootElement.GetProperty(part).GetProperty("status").GetString().Should().Be("up", part);
            body.RootElement.GetProperty(part).EnumerateObject().Select(p => p.Name).Should().Equal(["status"], "anonymous callers get statuses only");
        }
    }
}
