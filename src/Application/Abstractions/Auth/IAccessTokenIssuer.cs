namespace EventChat.Application.Abstractions.Auth;

/// <summary>Issues signed access tokens (JWT) with <c>sub</c>, <c>name</c> and <c>role</c> claims.</summary>
public interface IAccessTokenIssuer
{
    AccessToken Issue(Guid userId, string username, IReadOnlyList<string> roles, Guid sessionId);
}

public sealed record AccessToken(string Token, int ExpiresInSeconds);
