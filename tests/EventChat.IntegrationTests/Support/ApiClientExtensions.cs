using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EventChat.IntegrationTests.Support;

public sealed record RegisteredUserDto(Guid Id, string Username, string Email, string Nickname, DateTimeOffset CreatedAt, long Position);

public sealed record TokenPairDto(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn, long Position);

public sealed record ProfileDto(Guid Id, string Username, string Email, string Nickname, string Bio, string? AvatarUrl, string[] Roles, DateTimeOffset CreatedAt);

/// <summary>Small helpers that speak the API contract, so tests read like a client session.</summary>
public static class ApiClientExtensions
{
    public static string UniqueName(string prefix = "u") => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(32, prefix.Length + 1 + 20)];

    public static async Task<RegisteredUserDto> RegisterAsync(this HttpClient client, string username, string? email = null, string password = "correct-horse-1")
    {
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { username, email = email ?? $"{username}@example.test", password });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<RegisteredUserDto>())!;
    }

    public static async Task<TokenPairDto> LoginAsync(this HttpClient client, string login, string password = "correct-horse-1")
    {
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<TokenPairDto>())!;
    }

    /// <summary>Registers and logs in a fresh user; returns a client that sends its access token.</summary>
    public static async Task<(HttpClient Client, RegisteredUserDto User, TokenPairDto Tokens)> SignedInUserAsync(this ApiFactory factory, string? username = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var anonymous = factory.CreateClient();
        var user = await anonymous.RegisterAsync(username ?? UniqueName());
        var tokens = await anonymous.LoginAsync(user.Username);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return (client, user, tokens);
    }

    public static async Task ShouldHaveStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(expected, $"the body was: {body}");
        }
    }

    /// <summary>Asserts an RFC 9457 problem+json answer with the given status and returns its JSON.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.ShouldHaveStatusAsync(expected);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement.Clone();
        root.GetProperty("status").GetInt32().Should().Be((int)expected);
        root.TryGetProperty("title", out _).Should().BeTrue();
        return root;
    }
}
