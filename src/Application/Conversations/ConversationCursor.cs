using System.Globalization;

namespace EventChat.Application.Conversations;

/// <summary>The conversation list's cursor: the last item's activity time (in microseconds, DateTime ticks / 10) and id, as "{micros}_{id}".</summary>
public readonly record struct ConversationCursor(long Micros, Guid Id)
{
    public static bool IsValid(string? value) => value is null || TryParse(value, out _);

    public static bool TryParse(string value, out ConversationCursor cursor)
    {
        cursor = default;
        var parts = (value ?? string.Empty).Split('_');
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var micros) && Guid.TryParse(parts[1], out var id))
        {
            cursor = new ConversationCursor(micros, id);
            return true;
        }

        return false;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Micros}_{Id:N}");
}
