using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventChat.IntegrationTests.Support;

/// <summary>Access tokens made by hand: expired, foreign-signed, unsigned, for auth tests.</summary>
public static class TestTokens
{
    public static string SignedWith(Guid userId, DateTime? expires = null, string? secret = null, string issuer = "eventchat")
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "eventchat-api",
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("name", "x"), new Claim("role", "user"), new Claim("sid", Guid.NewGuid().ToString("D"))]),
            IssuedAt = exp.AddMinutes(-20),
            NotBefore = exp.AddMinutes(-20),
            Expires = exp,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret ?? TestSettings.Current.JwtSecret)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static string WithAlgNone(Guid userId)
    {
        static string Encode(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
               Encode($"{{\"sub\":\"{userId}\",\"role\":\"admin\",\"iss\":\"eventchat\",\"aud\":\"eventchat-api\",\"exp\":{exp}}}") + ".";
    }
}
