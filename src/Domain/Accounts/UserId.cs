using EventChat.Domain.Common;

namespace EventChat.Domain.Accounts;

public readonly record struct UserId(Guid Value)
{
    public static UserId New() => new(Guid.CreateVersion7());

    /// <summary>The user stream: registration, profile and roles.</summary>
    public StreamName Stream => StreamName.For("user", Value);

    /// <summary>Failed logins of the user: kept out of the user stream, which every login folds.</summary>
    public StreamName LoginFailuresStream => StreamName.For("login-failures", Value);

    public override string ToString() => Value.ToString("D");
}
