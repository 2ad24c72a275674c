namespace EventChat.Application.Accounts;

/// <summary>The stream types of the accounts feature.</summary>
public static class StreamTypes
{
    public const string User = "user";
    public const string Session = "session";
    public const string UniqueUsername = "unique-username";
    public const string UniqueEmail = "unique-email";
    public const string AuthFailures = "auth-failures";

    /// <summary>Failed logins of one user: kept out of the user stream, which every login folds.</summary>
    public const string LoginFailures = "login-failures";
}
