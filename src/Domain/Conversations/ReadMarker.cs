namespace EventChat.Domain.Conversations;

/// <summary>A member's read marker folded from their marker stream: the highest seq they marked read.</summary>
public static class ReadMarker
{
    public static long Evolve(long state, object @event) => @event is ConversationRead read ? Math.Max(state, read.Seq) : state;
}
