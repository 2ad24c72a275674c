using EventChat.Domain.Common;

namespace EventChat.Domain.Accounts;

/// <summary>A login's refresh-token family (the <c>sid</c> of its access tokens).</summary>
public readonly record struct SessionId(Guid Value)
{
    public static SessionId New() => new(Guid.CreateVersion7());

    public StreamName Stream => StreamName.For("session", Value);

    public override string ToString() => Value.ToString("D");
}
