using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventChat.Api.Common.Auth;

/// <summary>
/// The stock <see cref="JsonWebTokenHandler"/>, remembering the access tokens it found valid until they expire, as
/// API gateways cache JWT verification (Envoy's <c>jwt_cache_config</c>). A client sends the same token with every
/// request for its whole life; parsing it and checking its signature again each time was 4 % of the Api's CPU in a
/// send (docs/messaging.md). What is remembered is the outcome for the exact token string (signature included), so a
/// changed token is a different key; it is used only before the token's <c>exp</c>, which is stricter than the
/// validator (it allows the clock skew after <c>exp</c>); invalid tokens are never remembered. The session check
/// and the dropping of role claims still run on every request (<see cref="AuthSetup"/>), on a copy of the identity.
/// </summary>
public sealed class RememberingJsonWebTokenHandler : JsonWebTokenHandler, IDisposable
{
    /// <summary>Tokens remembered at most (about 3 KB each); past it the least recently used are forgotten and checked again.</summary>
    public const int TokensRemembered = 10_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = TokensRemembered, CompactionPercentage = 0.25 });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (token is not null && _valid.TryGetValue(token, out ValidToken? known) && DateTime.UtcNow < known!.ValidTo)
        {
            return known.Answer();
        }

        var result = await base.ValidateTokenAsync(token!, validationParameters);
        if (token is not null && result is { IsValid: true, ClaimsIdentity: { } identity, SecurityToken: JsonWebToken jwt } && jwt.ValidTo > DateTime.UtcNow)
        {
            var remembered = new ValidToken(jwt, identity.Clone(), result.Issuer, result.TokenType);
            _valid.Set(token, remembered, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = jwt.ValidTo });
        }

        return result;
    }

    public void Dispose() => _valid.Dispose();

    private sealed record ValidToken(JsonWebToken Token, System.Security.Claims.ClaimsIdentity Identity, string? Issuer, string? TokenType)
    {
        public DateTime ValidTo => Token.ValidTo;

        // A fresh identity per request: the session check removes claims from the one it is given.
        public TokenValidationResult Answer() => new()
        {
            IsValid = true,
            ClaimsIdentity = Identity.Clone(),
            SecurityToken = Token,
            Issuer = Issuer,
            TokenType = TokenType,
        };
    }
}
