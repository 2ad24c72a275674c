using EventChat.Domain.Common;

namespace EventChat.Domain.Accounts;

/// <summary>
/// A login succeeded and started a session: one refresh-token family. Only hashes of refresh tokens
/// are stored.
/// </summary>
[EventName("session.started")]
public sealed record SessionStarted(Guid SessionId, Guid UserId, [property: Secret] string RefreshTokenHash, DateTimeOffset ExpiresAt, string? ClientIp, string? UserAgent, DateTimeOffset StartedAt);

/// <summary>The current refresh token was exchanged for a new one (rotation); the old one is now used.</summary>
[EventName("session.refresh-token-rotated")]
public sealed record RefreshTokenRotated(Guid SessionId, [property: Secret] string PreviousTokenHash, [property: Secret] string NewTokenHash, DateTimeOffset ExpiresAt, DateTimeOffset RotatedAt);

/// <summary>An already-used refresh token came back: someone kept a copy. The session is revoked with it.</summary>
[EventName("session.refresh-token-reuse-detected")]
public sealed record RefreshTokenReuseDetected(Guid SessionId, Guid UserId, [property: Secret] string PresentedTokenHash, string? ClientIp, DateTimeOffset DetectedAt);

/// <summary>The session ended: logout, or revocation after token theft.</summary>
[EventName("session.ended")]
public sealed record SessionEnded(Guid SessionId, string Reason, DateTimeOffset EndedAt);
