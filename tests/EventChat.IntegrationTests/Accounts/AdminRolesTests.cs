using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Accounts;

/// <summary>An Api whose ADMIN_USERNAMES names one user of this test class.</summary>
public sealed class AdminApiFactory : ApiFactory
{
    public string AdminUsername { get; } = ApiClientExtensions.UniqueName("admin");

    protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string> { ["ADMIN_USERNAMES"] = $"someone_else,{AdminUsername}" };
}

public sealed class AdminRolesTests(AdminApiFactory factory) : IClassFixture<AdminApiFactory>
{
    [Fact]
    public async Task First_admin_comes_from_ADMIN_USERNAMES_and_can_grant_roles_that_others_cannot()
    {
        var (admin, adminUser, _) = await factory.SignedInUserAsync(factory.AdminUsername);
        var (plain, plainUser, _) = await factory.SignedInUserAsync();
        using (admin)
        using (plain)
        {
            var me = await admin.GetFromJsonAsync<ProfileDto>($"/api/users/me?minPosition={adminUser.Position}");
            me!.Roles.Should().Equal("user", "admin");

            using var forbidden = await plain.PutAsJsonAsync($"/api/admin/users/{adminUser.Id}/roles", new { roles = new[] { "user" } });
            await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden);

            using var granted = await admin.PutAsJsonAsync($"/api/admin/users/{plainUser.Id}/roles", new { roles = new[] { "auditor" } });
            await granted.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var position = granted.Headers.GetValues("X-Position").Single();

            // The new role shows in the read model; the next login's token carries it.
            using var anonymous = factory.CreateClient();
            var tokens = await anonymous.LoginAsync(plainUser.Username);
            using var relogged = factory.CreateClient();
            relogged.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            var plainMe = await relogged.GetFromJsonAsync<ProfileDto>($"/api/users/me?minPosition={position}");
            plainMe!.Roles.Should().Equal("user", "auditor");
            var payload = System.Text.Encoding.UTF8.GetString(Base64UrlDecode(tokens.AccessToken.Split('.')[1]));
            payload.Should().Contain("\"auditor\"");

            using var unknownRole = await admin.PutAsJsonAsync($"/api/admin/users/{plainUser.Id}/roles", new { roles = new[] { "superuser" } });
            await unknownRole.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            using var missingUser = await admin.PutAsJsonAsync($"/api/admin/users/{Guid.NewGuid()}/roles", new { roles = new[] { "user" } });
            await missingUser.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }
    }

    private static byte[] Base64UrlDecode(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
