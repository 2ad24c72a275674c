using System.Globalization;
using EventChat.Domain.Common;

namespace EventChat.Domain.Accounts;

/// <summary>
/// A login named no known user. Recorded on a daily stream (<c>auth-failures-yyyyMMdd</c>) for the
/// audit trail; the login text itself is hashed so that typos of passwords in the name field do not leak.
/// </summary>
[EventName("auth.login-failed-unknown-user")]
public sealed record LoginFailedForUnknownUser([property: Secret] string LoginHash, string? ClientIp, DateTimeOffset FailedAt)
{
    /// <summary>The day's stream of failed logins that named no user.</summary>
    public static StreamName StreamFor(DateTimeOffset day) =>
        new("auth-failures", "auth-failures-" + day.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
}
