using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.Auth;

namespace EventChat.Application.Tests.Fakes;

public sealed class FixedClock : IClock
{
    public DateTimeOffset UtcNow { get; set; } = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
}

public sealed class FakeCurrentUser : ICurrentUser
{
    public Guid? UserId { get; set; }

    public string? ClientIp => "203.0.113.7";

    public string? UserAgent => "tests";

    public HashSet<string> Roles { get; } = [];

    public bool IsInRole(string role) => Roles.Contains(role);
}

public sealed class FixedCorrelation : ICorrelationContext
{
    public string CorrelationId => "corr-test";
}

/// <summary>Not BCrypt: a reversible marker, since hashing strength is the Infrastructure's concern.</summary>
public sealed class PlainPasswordHasher : IPasswordHasher
{
    public string Scheme => "plain";

    public string Hash(string password) => "hashed:" + password;

    public bool Verify(string password, string hash) => hash == "hashed:" + password;
}

public sealed class FakeTokenIssuer : IAccessTokenIssuer
{
    public AccessToken Issue(Guid userId, string username, IReadOnlyList<string> roles, Guid sessionId) =>
        new($"access:{userId}:{string.Join(',', roles)}", 900);
}
