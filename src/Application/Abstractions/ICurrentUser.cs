namespace EventChat.Application.Abstractions;

/// <summary>Who sends the current command or query (from the access token), and from where.</summary>
public interface ICurrentUser
{
    /// <summary>The authenticated user's id, or null for anonymous requests.</summary>
    Guid? UserId { get; }

    string? ClientIp { get; }

    string? UserAgent { get; }

    bool IsInRole(string role);
}
