using System.Net.Mail;

namespace EventChat.Application.Accounts;

public static class AccountRules
{
    public const string ForbiddenCharactersMessage = "Must not contain control characters or bidirectional formatting characters.";

    /// <summary>3-32 ASCII letters, digits and '_' (the whole string: no final line feed slips through as with a regex's '$').</summary>
    public static bool IsUsername(string? username) =>
        username is { Length: >= 3 and <= 32 } && username.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>A pragmatic email check: one '@', a dot in the domain, no spaces, and parseable as an address.</summary>
    public static bool IsValidEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 254 || email.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || !email[(at + 1)..].Contains('.', StringComparison.Ordinal) || email.EndsWith('.'))
        {
            return false;
        }

        return MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;
    }
}
