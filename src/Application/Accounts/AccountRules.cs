using System.Net.Mail;

namespace EventChat.Application.Accounts;

public static class AccountRules
{
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
