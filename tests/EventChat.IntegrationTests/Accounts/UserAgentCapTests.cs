using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Accounts;

/// <summary>A client's User-Agent is kept for the audit trail, but capped: a huge header cannot grow events.</summary>
public sealed class UserAgentCapTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_huge_user_agent_is_stored_cut_to_300_characters_in_the_session_and_the_metadata()
    {
        using var client = factory.CreateClient();
        var user = await client.RegisterAsync(ApiClientExtensions.UniqueName("ua"));
        var marker = Guid.NewGuid().ToString("N");
        var agent = marker + new string('x', 4_000);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { login = user.Username, password = "correct-horse-1" }) };
        request.Headers.TryAddWithoutValidation("User-Agent", agent);
        using var response = await client.SendAsync(request);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);

        var events = await TestEventLog.StoredContainingAsync(marker);
        events.Should().NotBeEmpty("the login records its client");
        foreach (var (data, metadata) in events)
        {
            data.Should().NotContain(new string('x', 300 - marker.Length + 1));
            metadata.Should().NotContain(new string('x', 300 - marker.Length + 1));
            (data + metadata).Should().Contain(marker + new string('x', 300 - marker.Length));
        }
    }
}
