using System.Security.Cryptography;
using System.Text;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;

namespace EventChat.Domain.Conversations;

public readonly record struct ConversationId(Guid Value)
{
    public static ConversationId New() => new(Guid.CreateVersion7());

    /// <summary>
    /// The one direct conversation of a pair of users, whichever of them asks: derived from the unordered
    /// pair (SHA-256 of both ids, as a version-8 UUID), so starting it twice, or from both sides at once,
    /// names the same stream and the event store lets only one start win.
    /// </summary>
    public static ConversationId ForDirect(UserId first, UserId second)
    {
        var (low, high) = first.Value.CompareTo(second.Value) <= 0 ? (first.Value, second.Value) : (second.Value, first.Value);
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes($"direct:{low:D}:{high:D}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (custom)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new ConversationId(new Guid(bytes, bigEndian: true));
    }

    /// <summary>Membership, settings and recalls: small, folded by every command on the conversation.</summary>
    public StreamName Stream => StreamName.For("conversation", Value);

    /// <summary>One <see cref="MessageSent"/> per message, appended with "any version": its stream version is the message's seq. Never folded.</summary>
    public StreamName MessagesStream => StreamName.For("conversation-messages", Value);

    /// <summary>One member's read marker in this conversation.</summary>
    public StreamName ReadMarkerStream(UserId user) => new("conversation-read", $"conversation-read-{Value:D}-{user.Value:D}");

    public override string ToString() => Value.ToString("D");
}
