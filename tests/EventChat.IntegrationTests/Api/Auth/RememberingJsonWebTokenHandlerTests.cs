using EventChat.Api.Common.Auth;
using EventChat.Infrastructure.Auth;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Api.Auth;

/// <summary>Remembering valid tokens must not change what is accepted, nor let one request's changes to its identity reach the next.</summary>
public sealed class RememberingJsonWebTokenHandlerTests
{
    private readonly Microsoft.IdentityModel.Tokens.TokenValidationParameters _parameters = JwtSettings.ValidationParameters(TestSettings.Current);

    [Fact]
    public async Task A_remembered_token_gives_each_request_its_own_identity_with_every_claim()
    {
        using var handler = new RememberingJsonWebTokenHandler { MapInboundClaims = false };
        var userId = Guid.NewGuid();
        var token = TestTokens.SignedWith(userId);

        var first = await handler.ValidateTokenAsync(token, _parameters);
        // What the session check does to the identity of a request: roles are dropped.
        foreach (var role in first.ClaimsIdentity.FindAll("role").ToArray())
        {
            first.ClaimsIdentity.RemoveClaim(role);
        }

        var second = await handler.ValidateTokenAsync(token, _parameters);

        first.IsValid.Should().BeTrue();
        second.IsValid.Should().BeTrue();
        second.ClaimsIdentity.Should().NotBeSameAs(first.ClaimsIdentity);
        second.ClaimsIdentity.FindFirst("sub")!.Value.Should().Be(userId.ToString());
        second.ClaimsIdentity.FindFirst("role")!.Value.Should().Be("user");
        second.ClaimsIdentity.FindAll("role").Should().ContainSingle();
    }

    [Fact]
    public async Task Refused_tokens_stay_refused_however_often_they_are_sent()
    {
        using var handler = new RememberingJsonWebTokenHandler { MapInboundClaims = false };
        var userId = Guid.NewGuid();
        string[] refused =
        [
            TestTokens.SignedWith(userId, expires: DateTime.UtcNow.AddMinutes(-5)),
            TestTokens.SignedWith(userId, secret: "another-secret-that-is-long-enough-for-hs256-0123456789"),
            TestTokens.WithAlgNone(userId),
        ];

        foreach (var token in refused)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var result = await handler.ValidateTokenAsync(token, _parameters);
                result.IsValid.Should().BeFalse($"attempt {attempt + 1} of a refused token");
            }
        }
    }
}
