using System.Text;
using EventChat.Infrastructure.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace EventChat.Infrastructure.Auth;

/// <summary>Issuing and validating access tokens share these: HS256 with JWT_SECRET, one issuer and audience.</summary>
public static class JwtSettings
{
    public const string Issuer = "eventchat";
    public const string Audience = "eventchat-api";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static SymmetricSecurityKey SigningKey(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.JwtSecret));
    }

    public static TokenValidationParameters ValidationParameters(EventChatSettings settings) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = Issuer,
        ValidateAudience = true,
        ValidAudience = Audience,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        IssuerSigningKey = SigningKey(settings),

        // Only HS256: refuses "alg": "none" and algorithm-confusion tokens.
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = ClockSkew,
        NameClaimType = "name",
        RoleClaimType = "role",
    };
}
