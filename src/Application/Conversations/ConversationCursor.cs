using System.Globalization;

namespace EventChat.Application.Conversations;

/// <summary>
/// The conversation list's cursor: the log position of the last item's latest activity. Each position
/// belongs to one event of one conversation, so positions order the list without ties.
/// </summary>
public readonly record struct ConversationCursor(long Position)
{
    public static bool IsValid(string? value) => value is null || TryParse(value, out _);

    public static bool TryParse(string value, out ConversationCursor cursor)
    {
        cursor = default;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position > 0)
        {
            cursor = new ConversationCursor(position);
            return true;
        }

        return false;
    }

    public override string ToString() => Position.ToString(CultureInfo.InvariantCulture);
}
