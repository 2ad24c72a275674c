using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Accounts;

public sealed class AccountsFlowTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Register_login_me_refresh_reuse_and_logout_behave_as_the_contract_says()
    {
        using var client = factory.CreateClient();
        var username = ApiClientExtensions.UniqueName("flow");

        // Register: 201 with the profile and the position of its events.
        using var registerResponse = await client.PostAsJsonAsync("/api/auth/register", new { username, email = $"{username}@example.test", password = "s3cret-pass", nickname = "Flow" });
        await registerResponse.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var registered = (await registerResponse.Content.ReadFromJsonAsync<RegisteredUserDto>())!;
        registered.Username.Should().Be(username);
        registered.Nickname.Should().Be("Flow");
        registered.Position.Should().BePositive();
        registerResponse.Headers.GetValues("X-Position").Single().Should().Be(registered.Position.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Login by username: a token pair.
        var first = await client.LoginAsync(username, "s3cret-pass");
        first.TokenType.Should().Be("Bearer");
        first.ExpiresIn.Should().Be(900);

        // Me, reading our own write.
        using var me = new HttpRequestMessage(HttpMethod.Get, $"/api/users/me?minPosition={registered.Position}");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", first.AccessToken);
        using var meResponse = await client.SendAsync(me);
        await meResponse.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var profile = (await meResponse.Content.ReadFromJsonAsync<ProfileDto>())!;
        profile.Id.Should().Be(registered.Id);
        profile.Email.Should().Be($"{username}@example.test");
        profile.Roles.Should().Equal("user");

        // Refresh rotates: a new pair; the old refresh token is refused afterwards.
        var second = await RefreshAsync(client, first.RefreshToken, HttpStatusCode.OK);
        second!.RefreshToken.Should().NotBe(first.RefreshToken);
        await RefreshAsync(client, first.RefreshToken, HttpStatusCode.Unauthorized);

        // That reuse was theft detection: the whole family is revoked, the newest token included.
        await RefreshAsync(client, second.RefreshToken, HttpStatusCode.Unauthorized);
        var sessionId = Guid.ParseExact(first.RefreshToken[..32], "N");
        var sessionEvents = (await TestEventLog.StreamAsync($"session-{sessionId:D}")).Select(e => e.EventType);
        sessionEvents.Should().Equal(
            "session.started.v1", "session.refresh-token-rotated.v1", "session.refresh-token-reuse-detected.v1", "session.ended.v1");
        (await TestEventLog.CountContainingAsync(first.RefreshToken[33..])).Should().Be(0, "refresh tokens are stored only as hashes");
        (await TestEventLog.CountContainingAsync("s3cret-pass")).Should().Be(0, "passwords are stored only as BCrypt hashes");

        // A new login works; logout ends it.
        var third = await client.LoginAsync($"{username}@example.test", "s3cret-pass");
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout") { Content = JsonContent.Create(new { refreshToken = third.RefreshToken }) };
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", third.AccessToken);
        using var logoutResponse = await client.SendAsync(logout);
        await logoutResponse.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await RefreshAsync(client, third.RefreshToken, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_right_after_sign_up_with_the_login_position_finds_the_profile()
    {
        // The README's curl session: register, login, then me with the login's position.
        var (client, user, tokens) = await factory.SignedInUserAsync();
        using (client)
        {
            using var response = await client.GetAsync(new Uri($"/api/users/me?minPosition={tokens.Position}", UriKind.Relative));

            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await response.Content.ReadFromJsonAsync<ProfileDto>())!.Id.Should().Be(user.Id);
        }
    }

    [Fact]
    public async Task Login_answers_unknown_user_and_wrong_password_alike()
    {
        using var client = factory.CreateClient();
        var user = await client.RegisterAsync(ApiClientExtensions.UniqueName("pw"));

        using var wrongPassword = await client.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = "not-the-password" });
        using var unknownUser = await client.PostAsJsonAsync("/api/auth/login", new { login = ApiClientExtensions.UniqueName("ghost"), password = "not-the-password" });

        var a = await wrongPassword.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var b = await unknownUser.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        a.GetProperty("detail").GetString().Should().Be(b.GetProperty("detail").GetString());
        (await TestEventLog.StreamAsync($"login-failures-{user.Id}")).Select(e => e.EventType)
            .Should().Equal(["user.login-failed.v1"], "a failed login is part of the audit trail");
    }

    [Fact]
    public async Task Parallel_registrations_of_one_username_create_exactly_one_user()
    {
        var username = ApiClientExtensions.UniqueName("race");
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            using var client = factory.CreateClient();
            using var response = await client.PostAsJsonAsync(
                "/api/auth/register", new { username = i % 2 == 0 ? username : username.ToUpperInvariant(), email = $"{username}-{i}@example.test", password = "race-pass-1" });
            return (response.StatusCode, Position: response.Headers.TryGetValues("X-Position", out var p) ? long.Parse(p.Single(), System.Globalization.CultureInfo.InvariantCulture) : 0);
        }).ToArray();
        var outcomes = await Task.WhenAll(attempts);

        outcomes.Count(o => o.StatusCode == HttpStatusCode.Created).Should().Be(1);
        outcomes.Count(o => o.StatusCode == HttpStatusCode.Conflict).Should().Be(7);

        var (client, _, _) = await factory.SignedInUserAsync();
        using (client)
        {
            var position = outcomes.Max(o => o.Position);
            var found = await client.GetFromJsonAsync<SearchResult>($"/api/users?search={username}&minPosition={position}");
            found!.Items.Where(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase)).Should().ContainSingle();
        }

        // Every losing email is free again: its claim was given back.
        using var anonymous = factory.CreateClient();
        var loser = Enumerable.Range(0, 8).Select(i => $"{username}-{i}@example.test");
        var reused = await Task.WhenAll(loser.Select(async email =>
        {
            using var response = await anonymous.PostAsJsonAsync("/api/auth/register", new { username = ApiClientExtensions.UniqueName("re"), email, password = "race-pass-1" });
            return response.StatusCode;
        }));
        reused.Count(s => s == HttpStatusCode.Created).Should().Be(7, "seven emails were released, one belongs to the winner");
    }

    [Fact]
    public async Task Email_already_registered_is_a_conflict_and_takes_no_username()
    {
        using var client = factory.CreateClient();
        var first = await client.RegisterAsync(ApiClientExtensions.UniqueName("mail"));
        var secondName = ApiClientExtensions.UniqueName("mail");

        using var clash = await client.PostAsJsonAsync("/api/auth/register", new { username = secondName, email = first.Email.ToUpperInvariant(), password = "another-pass" });

        await clash.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await client.RegisterAsync(secondName)).Username.Should().Be(secondName, "the username claimed by the failed attempt was released");
    }

    [Fact]
    public async Task Profile_change_is_visible_to_me_and_to_others_and_search_finds_by_nickname_prefix()
    {
        var (me, user, _) = await factory.SignedInUserAsync();
        var (other, _, _) = await factory.SignedInUserAsync();
        using (me)
        using (other)
        {
            var nickname = "Nick" + Guid.NewGuid().ToString("N")[..8];
            using var patch = await me.PatchAsJsonAsync("/api/users/me", new { nickname, bio = "hello" });
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var position = patch.Headers.GetValues("X-Position").Single();

            var seen = await other.GetFromJsonAsync<PublicProfile>($"/api/users/{user.Id}?minPosition={position}");
            seen!.Nickname.Should().Be(nickname);
            seen.Bio.Should().Be("hello");
            var found = await other.GetFromJsonAsync<SearchResult>($"/api/users?search={nickname[..7].ToLowerInvariant()}&minPosition={position}");
            found!.Items.Select(i => i.Id).Should().Contain(user.Id);
        }
    }

    [Fact]
    public async Task Events_of_a_request_carry_its_correlation_id_and_the_acting_user()
    {
        using var client = factory.CreateClient();
        var correlationId = "test-" + Guid.NewGuid().ToString("N");
        var username = ApiClientExtensions.UniqueName("corr");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register")
        {
            Content = JsonContent.Create(new { username, email = $"{username}@example.test", password = "corr-pass-1" }),
        };
        request.Headers.Add("X-Correlation-Id", correlationId);

        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        response.Headers.GetValues("X-Correlation-Id").Single().Should().Be(correlationId);
        var user = (await response.Content.ReadFromJsonAsync<RegisteredUserDto>())!;
        var events = await TestEventLog.StreamAsync($"user-{user.Id}");
        events.Should().NotBeEmpty().And.AllSatisfy(e =>
        {
            e.Metadata.CorrelationId.Should().Be(correlationId);
            e.Metadata.UserId.Should().Be(user.Id.ToString());
            e.Metadata.CausationId.Should().NotBeNullOrEmpty();
        });
        events[0].EventType.Should().Be("user.registered.v2");
        events[0].DataJson.Should().NotContain("corr-pass-1", "only the BCrypt hash of the password is stored");
    }

    private static async Task<TokenPairDto?> RefreshAsync(HttpClient client, string refreshToken, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        if (expected == HttpStatusCode.OK)
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            return await response.Content.ReadFromJsonAsync<TokenPairDto>();
        }

        await response.ShouldBeProblemAsync(expected);
        return null;
    }

    private sealed record PublicProfile(Guid Id, string Username, string Nickname, string Bio, string? AvatarUrl);

    private sealed record SearchResult(PublicProfile[] Items);
}
