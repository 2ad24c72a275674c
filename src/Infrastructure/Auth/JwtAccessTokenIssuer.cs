using System.Security.Claims;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.Auth;
using EventChat.Infrastructure.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventChat.Infrastructure.Auth;

/// <summary>Access tokens: HS256 JWTs with <c>sub</c> (user id), <c>name</c> (username), <c>role</c> claims and the session id.</summary>
public sealed class JwtAccessTokenIssuer(EventChatSettings settings, IClock clock) : IAccessTokenIssuer
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(JwtSettings.SigningKey(settings), SecurityAlgorithms.HmacSha256);

    public AccessToken Issue(Guid userId, string username, IReadOnlyList<string> roles, Guid sessionId)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var now = clock.UtcNow.UtcDateTime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, userId.ToString("D")),
            new("name", username),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            new(JwtRegisteredClaimNames.Sid, sessionId.ToString("D")),
        };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtSettings.Issuer,
            Audience = JwtSettings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(settings.JwtAccessExpirationSeconds),
            SigningCredentials = _credentials,
        });
        return new AccessToken(token, settings.JwtAccessExpirationSeconds);
    }
}
