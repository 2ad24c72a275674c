using System.Net;
using System.Net.Http.Headers;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Accounts;

public sealed class AccessTokenTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Token_expired_within_the_30_second_clock_skew_is_accepted_and_one_expired_longer_is_not()
    {
        var (signedIn, user, tokens) = await factory.SignedInUserAsync();
        signedIn.Dispose();

        var withinSkew = await MeAsync(TestTokens.SignedWith(user.Id, expires: DateTime.UtcNow.AddSeconds(-10)), tokens.Position);
        var beyondSkew = await MeAsync(TestTokens.SignedWith(user.Id, expires: DateTime.UtcNow.AddSeconds(-60)), tokens.Position);

        withinSkew.Should().Be(HttpStatusCode.OK, "a server clock slightly ahead must not log users out");
        beyondSkew.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Cors_preflight_allows_the_configured_origin_only()
    {
        using var client = factory.CreateClient();
        var allowed = TestSettings.Current.WsCorsOrigins[0];

        using var fromAllowed = await PreflightAsync(client, allowed);
        using var fromOther = await PreflightAsync(client, "https://evil.example");

        fromAllowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(allowed);
        fromAllowed.Headers.GetValues("Access-Control-Allow-Credentials").Should().Equal("true");
        fromOther.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    private async Task<HttpStatusCode> MeAsync(string token, long minPosition)
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync(new Uri($"/api/users/me?minPosition={minPosition}", UriKind.Relative));
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/users/me");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return client.SendAsync(request);
    }
}
