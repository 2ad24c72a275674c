namespace EventChat.Domain.Accounts;

/// <summary>How a stored password hash was made, recorded beside it so that a future scheme can rehash at login.</summary>
public static class PasswordSchemes
{
    public const string BCrypt = "bcrypt";
}
