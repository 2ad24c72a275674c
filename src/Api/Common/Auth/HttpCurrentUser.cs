using EventChat.Application.Abstractions;

namespace EventChat.Api.Common.Auth;

/// <summary>The caller as the access token describes them (claims <c>sub</c> and <c>role</c>).</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public Guid? UserId =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirst("sub")?.Value, out var id) ? id : null;

    public string? ClientIp => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    /// <summary>Kept for the audit trail in metadata and sessions, capped: a client's header cannot grow events.</summary>
    public const int MaxUserAgentLength = 300;

    public string? UserAgent => accessor.HttpContext?.Request.Headers.UserAgent.ToString() switch
    {
        null or "" => null,
        { Length: > MaxUserAgentLength } agent => agent[..MaxUserAgentLength],
        var agent => agent,
    };

    public bool IsInRole(string role) => accessor.HttpContext?.User.IsInRole(role) ?? false;
}
