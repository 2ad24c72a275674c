namespace EventChat.Domain.Accounts;

/// <summary>The roles of the API contract. Everyone is a <see cref="User"/>; the others are granted.</summary>
public static class Roles
{
    public const string User = "user";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [User, Auditor, Admin];

    /// <summary>Canonical form: known roles only, lower case, "user" always included, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> roles) =>
        All.Where(r => r == User || roles.Contains(r, StringComparer.OrdinalIgnoreCase)).ToArray();
}
