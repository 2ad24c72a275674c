namespace EventChat.Application.Accounts;

/// <summary>Account settings from the environment (ADMIN_USERNAMES, JWT_REFRESH_EXPIRATION).</summary>
public sealed record AccountsOptions(IReadOnlyList<string> AdminUsernames, TimeSpan RefreshTokenLifetime)
{
    public bool IsConfiguredAdmin(string username) => AdminUsernames.Contains(username, StringComparer.OrdinalIgnoreCase);
}
