using EventChat.Domain.Common;

namespace EventChat.Domain.Accounts;

/// <summary>
/// A user signed up. The password arrives hashed; the plain text never reaches an event. Version 2 records the
/// hashing scheme beside the hash (version 1 stored a bare hash, always BCrypt), so that a stronger scheme can be
/// introduced later and old hashes recognized. Version 1 rows are upcast by <c>AccountUpcasters</c>.
/// </summary>
[EventName("user.registered", Version = 2)]
public sealed record UserRegistered(
    Guid UserId,
    string Username,
    string Email,
    string Nickname,
    string PasswordScheme,
    [property: Secret] string PasswordHash,
    DateTimeOffset RegisteredAt);

/// <summary>Profile fields the user changed; null means unchanged.</summary>
[EventName("user.profile-changed")]
public sealed record UserProfileChanged(Guid UserId, string? Nickname, string? Bio, Guid? AvatarUploadId, DateTimeOffset ChangedAt);

/// <summary>The user's complete set of roles after a change (by an admin, or from ADMIN_USERNAMES at sign-up).</summary>
[EventName("user.roles-changed")]
public sealed record UserRolesChanged(Guid UserId, IReadOnlyList<string> Roles, Guid? ChangedBy, DateTimeOffset ChangedAt);

/// <summary>
/// A login with this user's name or email failed (wrong password). Kept for the audit trail on its own
/// stream (<c>login-failures-{userId}</c>), so that guessing passwords cannot grow the user stream that
/// every login and profile change folds.
/// </summary>
[EventName("user.login-failed")]
public sealed record UserLoginFailed(Guid UserId, string Reason, DateTimeOffset FailedAt);
