using System.Text;

namespace EventChat.Domain.Common;

/// <summary>
/// The one normalization of text that users type (usernames, emails, nicknames, bios, search terms): NFKC, so
/// that look-alikes such as full-width letters or ligatures become the characters they stand for, and the
/// characters no such field may hold (C0/C1 controls, bidirectional overrides and marks, which make
/// "\u202Enimda" display as "admin"). Normalization needs ICU: the build turns invariant globalization off
/// (Directory.Build.props), because under it <see cref="string.Normalize(NormalizationForm)"/> silently
/// returns its input.
/// </summary>
public static class UserText
{
    /// <summary>NFKC form of <paramref name="value"/>. Every stored or compared user text goes through this.</summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.IsNormalized(NormalizationForm.FormKC) ? value : value.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>NFKC with every line ending (CR LF, CR, NEL, U+2028, …) as a line feed: multi-line fields such as bios.</summary>
    public static string NormalizeMultiLine(string value) => Normalize(value).ReplaceLineEndings("\n");

    /// <summary>
    /// False when the runtime cannot normalize (invariant globalization forced, e.g. by
    /// DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1): then look-alikes would pass unnoticed, so the Api refuses to start.
    /// </summary>
    public static bool NormalizationWorks => "\uFF41\uFB01".Normalize(NormalizationForm.FormKC) == "afi";

    /// <summary>The uniqueness key of a username: NFKC, trimmed, case-folded (lower case, invariant).</summary>
    public static string UsernameKey(string username) => Normalize(username).Trim().ToLowerInvariant();

    /// <summary>
    /// An email as stored and as its uniqueness key: NFKC, trimmed, lower case. Lower-casing the whole address
    /// (also the local part) is what every mail provider users meet does in practice.
    /// </summary>
    public static string NormalizeEmail(string email) => Normalize(email).Trim().ToLowerInvariant();

    /// <summary>Bidirectional formatting characters: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), and the marks LRM, RLM, ALM.</summary>
    public static bool IsBidiControl(char c) =>
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';

    /// <summary>
    /// True when <paramref name="value"/> holds a control character (Unicode category Cc) or a bidirectional
    /// formatting character. <paramref name="multiLine"/> lets line feeds through (bios); nothing else is allowed.
    /// </summary>
    public static bool HasForbiddenCharacters(string? value, bool multiLine = false)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var c in value)
        {
            if ((char.IsControl(c) && !(multiLine && c == '\n')) || IsBidiControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
