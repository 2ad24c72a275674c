using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Accounts;

/// <summary>User text is NFKC-normalized before uniqueness and before it is stored (emails also lower case).</summary>
public sealed class UserTextNormalizationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Full_width_username_registers_as_its_ascii_form_and_blocks_the_ascii_name()
    {
        var name = ApiClientExtensions.UniqueName("nf");
        using var client = factory.CreateClient();

        using var created = await client.PostAsJsonAsync("/api/auth/register", new { username = FullWidth(name), email = $"{name}@example.test", password = "password1" });
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        (await created.Content.ReadFromJsonAsync<RegisteredUserDto>())!.Username.Should().Be(name);

        using var again = await client.PostAsJsonAsync("/api/auth/register", new { username = name.ToUpperInvariant(), email = $"other_{name}@example.test", password = "password1" });
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Email_is_stored_and_compared_as_nfkc_lower_case()
    {
        var name = ApiClientExtensions.UniqueName("ne");
        using var client = factory.CreateClient();

        using var created = await client.PostAsJsonAsync("/api/auth/register", new { username = name, email = $" {FullWidth(name.ToUpperInvariant())}@Example.TEST ", password = "password1" });
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        (await created.Content.ReadFromJsonAsync<RegisteredUserDto>())!.Email.Should().Be($"{name}@example.test");

        using var duplicate = await client.PostAsJsonAsync("/api/auth/register", new { username = name + "2", email = $"{name}@example.test", password = "password1" });
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        // Login with the look-alike form finds the same account.
        await client.LoginAsync(FullWidth(name.ToUpperInvariant()) + "@example.test", "password1");
    }

    [Fact]
    public async Task Nickname_and_bio_are_stored_normalized()
    {
        var (client, _, _) = await factory.SignedInUserAsync();
        using (client)
        {
            using var response = await client.PatchAsJsonAsync("/api/users/me", new { nickname = "\uFF2E\uFF49\uFF43\uFF4B \uFB01", bio = "one\r\ntwo" });
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var profile = (await response.Content.ReadFromJsonAsync<ProfileDto>())!;

            profile.Nickname.Should().Be("Nick fi");
            profile.Bio.Should().Be("one\ntwo");
        }
    }

    /// <summary>The full-width form of printable ASCII (U+FF01–U+FF5E).</summary>
    private static string FullWidth(string ascii) =>
        string.Concat(ascii.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c));
}
