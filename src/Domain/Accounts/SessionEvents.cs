namespace EventChat.Domain.Accounts;

/// <summary>
/// A login succeeded and started a session: one refresh-token family. Only hashes of refresh tokens
/// are stored.
/// </summary>
public sealed record SessionStarted(Guid SessionId, Guid UserId, string RefreshTokenHash, DateTimeOffset ExpiresAt, string? ClientIp, string? UserAgent, DateTimeOffset StartedAt);

/// <summary>The current refresh token was exchanged for a new one (rotation); the old one is now used.</summary>
public sealed record RefreshTokenRotated(Guid SessionId, string PreviousTokenHash, string NewTokenHash, DateTimeOffset ExpiresAt, DateTimeOffset RotatedAt);

/// <summary>An already-used refresh token came back: someone kept a copy. The session is revoked with it.</summary>
public sealed record RefreshTokenReuseDetected(Guid SessionId, Guid UserId, string PresentedTokenHash, string? ClientIp, DateTimeOffset DetectedAt);

/// <summary>The session ended: logout, or revocation after token theft.</summary>
public sealed record SessionEnded(Guid SessionId, string Reason, DateTimeOffset EndedAt);
