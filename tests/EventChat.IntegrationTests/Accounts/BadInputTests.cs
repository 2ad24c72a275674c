using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Api;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Accounts;

/// <summary>
/// Bad input of every kind across the accounts routes: each answer is a 4xx problem+json (never a 500),
/// and nothing reaches the event store or the users read model. On Kestrel, which enforces the body limit.
/// </summary>
public sealed class BadInputTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    private sealed record BadRequest(string Name, HttpMethod Method, string Path, HttpContent? Content, string? Token, HttpStatusCode Expected);

    [Fact]
    public async Task Every_kind_of_bad_input_gets_a_4xx_problem_and_changes_nothing()
    {
        var prefix = "bad" + Guid.NewGuid().ToString("N")[..8];
        var (signedIn, user, tokens) = await factory.SignedInUserAsync();
        signedIn.Dispose();
        var valid = tokens.AccessToken;
        var cases = Cases(prefix, valid, user.Id).ToArray();
        cases.Length.Should().BeGreaterThanOrEqualTo(30);
        var headBefore = await BadInputRunner.HeadPositionAsync();

        using var client = factory.CreateClient();
        var failures = await BadInputRunner.FailuresAsync(client, cases.Select(c => (c.Name,
            BadInputRunner.Request(c.Method, c.Path, c.Content, c.Token is null ? null : new AuthenticationHeaderValue("Bearer", c.Token)), c.Expected)));

        failures.Should().BeEmpty();

        // Nothing of this test reached the log (only the sign-up above wrote, before headBefore).
        await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
        var written = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM es_events WHERE position > @headBefore AND (stream_id LIKE @claims OR data LIKE @anywhere)",
            new { headBefore, claims = $"unique-username-{prefix}%", anywhere = $"%{prefix}%" });
        written.Should().Be(0);
        var rows = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rm_users WHERE username LIKE @p OR nickname LIKE @p", new { p = $"%{prefix}%" });
        rows.Should().Be(0);
    }

    private static IEnumerable<BadRequest> Cases(string prefix, string validToken, Guid someUserId)
    {
        var post = HttpMethod.Post;
        const string Register = "/api/auth/register";
        string Name(string suffix = "") => (prefix + suffix)[..Math.Min(32, prefix.Length + suffix.Length)];
        var okEmail = $"{prefix}@example.test";
        var bad = HttpStatusCode.BadRequest;

        yield return new("register: missing username", post, Register, BadInputRunner.Json(new { email = okEmail, password = "password1" }), null, bad);
        yield return new("register: missing email", post, Register, BadInputRunner.Json(new { username = Name(), password = "password1" }), null, bad);
        yield return new("register: missing password", post, Register, BadInputRunner.Json(new { username = Name(), email = okEmail }), null, bad);
        yield return new("register: username too short", post, Register, BadInputRunner.Json(new { username = "ab", email = okEmail, password = "password1" }), null, bad);
        yield return new("register: username too long", post, Register, BadInputRunner.Json(new { username = prefix + new string('x', 40), email = okEmail, password = "password1" }), null, bad);
        yield return new("register: username with spaces and symbols", post, Register, BadInputRunner.Json(new { username = prefix + " !", email = okEmail, password = "password1" }), null, bad);
        yield return new("register: invalid email", post, Register, BadInputRunner.Json(new { username = Name(), email = "not-an-email", password = "password1" }), null, bad);
        yield return new("register: email with a space", post, Register, BadInputRunner.Json(new { username = Name(), email = $"{prefix} x@example.test", password = "password1" }), null, bad);
        yield return new("register: email without domain dot", post, Register, BadInputRunner.Json(new { username = Name(), email = $"{prefix}@localhost", password = "password1" }), null, bad);
        yield return new("register: password too short", post, Register, BadInputRunner.Json(new { username = Name(), email = okEmail, password = "short" }), null, bad);
        yield return new("register: password too long", post, Register, BadInputRunner.Json(new { username = Name(), email = okEmail, password = new string('p', 129) }), null, bad);
        yield return new("register: nickname too long", post, Register, BadInputRunner.Json(new { username = Name(), email = okEmail, password = "password1", nickname = prefix + new string('n', 70) }), null, bad);
        yield return new("register: username with a final line feed", post, Register, BadInputRunner.Json(new { username = Name() + "\n", email = okEmail, password = "password1" }), null, bad);
        yield return new("register: username with a final CR LF", post, Register, BadInputRunner.Json(new { username = Name() + "\r\n", email = okEmail, password = "password1" }), null, bad);
        yield return new("register: nickname with a bidi override", post, Register, BadInputRunner.Json(new { username = Name(), email = okEmail, password = "password1", nickname = "\u202E" + prefix }), null, bad);
        yield return new("register: nickname with a control character", post, Register, BadInputRunner.Json(new { username = Name(), email = okEmail, password = "password1", nickname = prefix + "\u0007" }), null, bad);
        yield return new("register: email with a bidi mark", post, Register, BadInputRunner.Json(new { username = Name(), email = $"{prefix}\u200F@example.test", password = "password1" }), null, bad);
        yield return new("register: username of the wrong type", post, Register, BadInputRunner.Raw("{\"username\": 12345, \"email\": \"" + okEmail + "\", \"password\": \"password1\"}"), null, bad);
        yield return new("register: malformed JSON", post, Register, BadInputRunner.Raw("{\"username\": \"" + Name() + "\", "), null, bad);
        yield return new("register: empty body", post, Register, BadInputRunner.Raw(string.Empty), null, bad);
        yield return new("register: JSON array instead of object", post, Register, BadInputRunner.Raw("[\"" + Name() + "\"]"), null, bad);
        yield return new("register: JSON null", post, Register, BadInputRunner.Raw("null"), null, bad);
        yield return new("register: text/plain body", post, Register, new StringContent($"username={Name()}", Encoding.UTF8, "text/plain"), null, HttpStatusCode.UnsupportedMediaType);
        yield return new("register: form body", post, Register, new FormUrlEncodedContent([new("username", Name())]), null, HttpStatusCode.UnsupportedMediaType);
        yield return new("register: huge body", post, Register, BadInputRunner.Raw("{\"username\": \"" + Name() + "\", \"nickname\": \"" + new string('x', 2_000_000) + "\"}"), null, HttpStatusCode.RequestEntityTooLarge);
        yield return new("login: missing login", post, "/api/auth/login", BadInputRunner.Json(new { password = "password1" }), null, bad);
        yield return new("login: missing password", post, "/api/auth/login", BadInputRunner.Json(new { login = Name() }), null, bad);
        yield return new("login: login of the wrong type", post, "/api/auth/login", BadInputRunner.Raw("{\"login\": {\"a\": 1}, \"password\": \"password1\"}"), null, bad);
        yield return new("login: login too long", post, "/api/auth/login", BadInputRunner.Json(new { login = prefix + new string('l', 300), password = "password1" }), null, bad);
        yield return new("refresh: missing token", post, "/api/auth/refresh", BadInputRunner.Json(new { }), null, bad);
        yield return new("refresh: garbage token", post, "/api/auth/refresh", BadInputRunner.Json(new { refreshToken = "garbage." + prefix }), null, HttpStatusCode.Unauthorized);
        yield return new("refresh: token too long", post, "/api/auth/refresh", BadInputRunner.Json(new { refreshToken = new string('r', 500) }), null, bad);
        yield return new("logout: no access token", post, "/api/auth/logout", BadInputRunner.Json(new { refreshToken = "x" }), null, HttpStatusCode.Unauthorized);
        yield return new("me: no access token", HttpMethod.Get, "/api/users/me", null, null, HttpStatusCode.Unauthorized);
        yield return new("me: malformed token", HttpMethod.Get, "/api/users/me", null, "not.a.jwt", HttpStatusCode.Unauthorized);
        yield return new("me: expired token", HttpMethod.Get, "/api/users/me", null, TestTokens.SignedWith(someUserId, expires: DateTime.UtcNow.AddMinutes(-5)), HttpStatusCode.Unauthorized);
        yield return new("me: wrongly signed token", HttpMethod.Get, "/api/users/me", null, TestTokens.SignedWith(someUserId, secret: "another-secret-that-is-long-enough-0123456789"), HttpStatusCode.Unauthorized);
        yield return new("me: alg none token", HttpMethod.Get, "/api/users/me", null, TestTokens.WithAlgNone(someUserId), HttpStatusCode.Unauthorized);
        yield return new("me: wrong issuer", HttpMethod.Get, "/api/users/me", null, TestTokens.SignedWith(someUserId, issuer: "someone-else"), HttpStatusCode.Unauthorized);
        yield return new("me: tampered payload", HttpMethod.Get, "/api/users/me", null, Tamper(validToken), HttpStatusCode.Unauthorized);
        yield return new("me: negative minPosition", HttpMethod.Get, "/api/users/me?minPosition=-1", null, validToken, bad);
        yield return new("me: minPosition not a number", HttpMethod.Get, "/api/users/me?minPosition=abc", null, validToken, bad);
        yield return new("search: missing search", HttpMethod.Get, "/api/users", null, validToken, bad);
        yield return new("search: limit 0", HttpMethod.Get, $"/api/users?search={prefix}&limit=0", null, validToken, bad);
        yield return new("search: limit 201", HttpMethod.Get, $"/api/users?search={prefix}&limit=201", null, validToken, bad);
        yield return new("search: limit not a number", HttpMethod.Get, $"/api/users?search={prefix}&limit=ten", null, validToken, bad);
        yield return new("user: unknown id", HttpMethod.Get, $"/api/users/{Guid.NewGuid()}", null, validToken, HttpStatusCode.NotFound);
        yield return new("user: id not a uuid", HttpMethod.Get, "/api/users/not-a-uuid", null, validToken, HttpStatusCode.NotFound);
        yield return new("patch me: nickname too long", HttpMethod.Patch, "/api/users/me", BadInputRunner.Json(new { nickname = prefix + new string('n', 70) }), validToken, bad);
        yield return new("patch me: blank nickname", HttpMethod.Patch, "/api/users/me", BadInputRunner.Json(new { nickname = "   " }), validToken, bad);
        yield return new("patch me: bio too long", HttpMethod.Patch, "/api/users/me", BadInputRunner.Json(new { bio = prefix + new string('b', 600) }), validToken, bad);
        yield return new("patch me: nickname with a bidi override", HttpMethod.Patch, "/api/users/me", BadInputRunner.Json(new { nickname = "\u202E" + prefix }), validToken, bad);
        yield return new("patch me: nickname with an isolate", HttpMethod.Patch, "/api/users/me", BadInputRunner.Json(new { nickname = prefix + "\u2067x" }), validToken, bad);
        yield return new("patch me: nickname with a line feed", HttpMethod.Patch, "/api/users/me", BadInputRunner.Json(new { nickname = prefix + "\n" }), validToken, bad);
        yield return new("patch me: bio with a control character", HttpMethod.Patch, "/api/users/me", BadInputRunner.Json(new { bio = prefix + "\u001B[31m" }), validToken, bad);
        yield return new("patch me: bio with a bidi mark", HttpMethod.Patch, "/api/users/me", BadInputRunner.Json(new { bio = prefix + "\u200E" }), validToken, bad);
        yield return new("login: login with a control character", post, "/api/auth/login", BadInputRunner.Json(new { login = prefix + "\u0000", password = "password1" }), null, bad);
        yield return new("search: control character", HttpMethod.Get, $"/api/users?search={prefix}%07", null, validToken, bad);
        yield return new("patch me: avatar upload that does not exist", HttpMethod.Patch, "/api/users/me", BadInputRunner.Json(new { avatarUploadId = Guid.NewGuid(), nickname = prefix }), validToken, bad);
        yield return new("patch me: avatarUploadId not a uuid", HttpMethod.Patch, "/api/users/me", BadInputRunner.Raw("{\"avatarUploadId\": \"" + prefix + "\"}"), validToken, bad);
        yield return new("roles: not an admin", HttpMethod.Put, $"/api/admin/users/{someUserId}/roles", BadInputRunner.Json(new { roles = new[] { "admin" } }), validToken, HttpStatusCode.Forbidden);
        yield return new("unknown route", HttpMethod.Get, $"/api/{prefix}", null, validToken, HttpStatusCode.NotFound);
        yield return new("wrong method", HttpMethod.Delete, "/api/auth/login", null, null, HttpStatusCode.MethodNotAllowed);
    }



    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = parts[1];
        parts[1] = payload[..^2] + (payload[^2] == 'A' ? 'B' : 'A') + payload[^1];
        return string.Join('.', parts);
    }


}
