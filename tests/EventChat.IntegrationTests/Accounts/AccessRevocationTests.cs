using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Accounts;

/// <summary>Access tokens do not outlive their session, and roles are the current ones, not the token's.</summary>
public sealed class AccessRevocationTests(AdminApiFactory factory) : IClassFixture<AdminApiFactory>
{
    private static readonly TimeSpan WithinSeconds = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Access_token_is_refused_within_seconds_after_logout()
    {
        var (client, _, tokens) = await factory.SignedInUserAsync();
        using (client)
        {
            (await MeAsync(client, tokens.Position)).Should().Be(HttpStatusCode.OK);

            using var logout = await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = tokens.RefreshToken });
            await logout.ShouldHaveStatusAsync(HttpStatusCode.NoContent);

            await Deadline.WaitUntilAsync(async () => await MeAsync(client) == HttpStatusCode.Unauthorized, WithinSeconds, "the access token of a logged-out session is refused");
        }
    }

    [Fact]
    public async Task Access_token_is_refused_within_seconds_after_refresh_token_reuse_revokes_the_session()
    {
        var (client, _, tokens) = await factory.SignedInUserAsync();
        using (client)
        using (var anonymous = factory.CreateClient())
        {
            using var rotated = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { tokens.RefreshToken });
            await rotated.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var fresh = (await rotated.Content.ReadFromJsonAsync<TokenPairDto>())!;

            // The old refresh token again: theft. The session (and both access tokens) are revoked.
            using var reused = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { tokens.RefreshToken });
            await reused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

            using var freshClient = factory.CreateClient();
            freshClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fresh.AccessToken);
            await Deadline.WaitUntilAsync(
                async () => await MeAsync(client) == HttpStatusCode.Unauthorized && await MeAsync(freshClient) == HttpStatusCode.Unauthorized,
                WithinSeconds,
                "access tokens of a revoked session are refused");
        }
    }

    [Fact]
    public async Task Demoted_admin_loses_admin_with_the_next_request_although_the_token_still_says_admin()
    {
        var (root, _, _) = await factory.SignedInUserAsync(factory.AdminUsername);
        var (target, targetUser, _) = await factory.SignedInUserAsync();
        target.Dispose();
        using (root)
        {
            using (var promote = await root.PutAsJsonAsync($"/api/admin/users/{targetUser.Id}/roles", new { roles = new[] { "admin" } }))
            {
                await promote.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            // A token issued while admin: it carries the admin role.
            using var anonymous = factory.CreateClient();
            var adminTokens = await anonymous.LoginAsync(targetUser.Username);
            using var demotedAdmin = factory.CreateClient();
            demotedAdmin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminTokens.AccessToken);
            using (var asAdmin = await demotedAdmin.PutAsJsonAsync($"/api/admin/users/{targetUser.Id}/roles", new { roles = new[] { "admin", "auditor" } }))
            {
                await asAdmin.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            using (var demote = await root.PutAsJsonAsync($"/api/admin/users/{targetUser.Id}/roles", new { roles = new[] { "user" } }))
            {
                await demote.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            using var refused = await demotedAdmin.PutAsJsonAsync($"/api/admin/users/{targetUser.Id}/roles", new { roles = new[] { "admin" } });
            await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client, long minPosition = 0)
    {
        using var response = await client.GetAsync(new Uri($"/api/users/me?minPosition={minPosition}", UriKind.Relative));
        return response.StatusCode;
    }
}
