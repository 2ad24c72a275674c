using System.Security.Cryptography;
using System.Text;

namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// Event ids derived from a client-chosen key (such as a clientMessageId), so that a retried command
/// produces the same id and the store answers with the original instead of storing a copy.
/// A name-based UUID (RFC 9562 version 5 layout over SHA-256's first 16 bytes).
/// </summary>
public static class DeterministicEventId
{
    public static Guid From(string scope, string key, int index = 0)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{key}\n{index}"));
        var guidBytes = bytes.AsSpan(0, 16).ToArray();
        guidBytes[6] = (byte)((guidBytes[6] & 0x0F) | 0x50);
        guidBytes[8] = (byte)((guidBytes[8] & 0x3F) | 0x80);
        return new Guid(guidBytes, bigEndian: true);
    }
}
