using System.Security.Cryptography;
using System.Text;

namespace EventChat.Application.Accounts;

/// <summary>
/// Refresh tokens: <c>{sessionId}.{256 random bits}</c>. The session id routes the token to its stream;
/// only the SHA-256 of the whole token is ever stored.
/// </summary>
public static class RefreshTokens
{
    public static string New(Guid sessionId)
    {
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return $"{sessionId:N}.{secret}";
    }

    public static string Hash(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();

    /// <summary>The session a token claims to belong to, or null when the token is not of our shape.</summary>
    public static Guid? SessionIdOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        return dot == 32 && Guid.TryParseExact(token.AsSpan(0, 32), "N", out var id) && token.Length - dot - 1 == 43 ? id : null;
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
