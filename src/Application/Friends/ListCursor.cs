using System.Buffers.Text;
using System.Globalization;
using System.Text;
using EventChat.Domain.Common;

namespace EventChat.Application.Friends;

/// <summary>
/// Where a page of a newest-first list ends: the time and id of its last item. Clients see it as an opaque string
/// (base64url), the <c>before</c> parameter of the next request; a cursor that is not one of ours is a 400.
/// </summary>
public readonly record struct ListCursor(DateTimeOffset At, Guid Id)
{
    public const string Parameter = "before";

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{At.UtcTicks}.{Id:N}")));

    /// <summary>Null for no cursor; a <see cref="RefusedException"/> (400) for one that does not decode.</summary>
    public static ListCursor? Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            if (cursor.Length <= 128)
            {
                var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
                var parts = text.Split('.');
                if (parts.Length == 2
                    && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                    && ticks <= DateTimeOffset.MaxValue.UtcTicks
                    && Guid.TryParseExact(parts[1], "N", out var id))
                {
                    return new ListCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                }
            }
        }
        catch (FormatException)
        {
        }

        throw RefusedException.Invalid(Parameter, $"{Parameter} must be the nextCursor of a previous page.");
    }

    /// <summary>A page from up to <paramref name="limit"/> + 1 rows: the extra row only says that there is a next page.</summary>
    public static Page<T> PageOf<T>(IReadOnlyList<T> rows, int limit, Func<T, ListCursor> cursorOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(cursorOf);
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        var items = rows.Take(limit).ToArray();
        return new Page<T>(items, cursorOf(items[^1]).Encode());
    }
}
