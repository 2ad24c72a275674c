using System.Buffers.Binary;
using System.Text;
using Microsoft.AspNetCore.SignalR;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// What <see cref="UserFanout"/> publishes: the users, then the invocation as each hub protocol serialized it, so
/// a receiving process writes it to connections without knowing the payload's types. Layout: a version byte, then
/// the user count and each user id, then the protocol count and each protocol's name and bytes; counts and lengths are
/// 32-bit little-endian, strings UTF-8 behind their byte length.
/// </summary>
public sealed record UserFanoutMessage(IReadOnlyList<string> UserIds, IReadOnlyList<SerializedMessage> Serialized)
{
    private const byte Version = 1;

    public static byte[] Write(IReadOnlyList<string> userIds, IReadOnlyList<SerializedMessage> serialized)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(serialized);
        var length = 1 + 4 + userIds.Sum(u => 4 + Encoding.UTF8.GetByteCount(u)) + 4
            + serialized.Sum(m => 4 + Encoding.UTF8.GetByteCount(m.ProtocolName) + 4 + m.Serialized.Length);
        var buffer = new byte[length];
        var span = buffer.AsSpan();
        span[0] = Version;
        var offset = 1;
        WriteInt(span, ref offset, userIds.Count);
        foreach (var userId in userIds)
        {
            WriteString(span, ref offset, userId);
        }

        WriteInt(span, ref offset, serialized.Count);
        foreach (var message in serialized)
        {
            WriteString(span, ref offset, message.ProtocolName);
            WriteInt(span, ref offset, message.Serialized.Length);
            message.Serialized.Span.CopyTo(span[offset..]);
            offset += message.Serialized.Length;
        }

        return buffer;
    }

    /// <summary>Reads what <see cref="Write"/> wrote; the serialized invocations are slices of <paramref name="data"/>, not copies.</summary>
    /// <exception cref="FormatException">Not a message of this version, or cut short.</exception>
    public static UserFanoutMessage Read(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        if (span.Length < 1 || span[0] != Version)
        {
            throw new FormatException($"Not a user fan-out message of version {Version}.");
        }

        var offset = 1;
        var userIds = new string[ReadItemCount(span, ref offset)];
        for (var i = 0; i < userIds.Length; i++)
        {
            userIds[i] = ReadString(span, ref offset);
        }

        var serialized = new SerializedMessage[ReadItemCount(span, ref offset)];
        for (var i = 0; i < serialized.Length; i++)
        {
            var protocol = ReadString(span, ref offset);
            var length = ReadCount(span, ref offset);
            serialized[i] = new SerializedMessage(protocol, data.Slice(offset, Take(span, offset, length)));
            offset += length;
        }

        return new UserFanoutMessage(userIds, serialized);
    }

    private static void WriteInt(Span<byte> span, ref int offset, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], value);
        offset += 4;
    }

    private static void WriteString(Span<byte> span, ref int offset, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, span[(offset + 4)..]);
        WriteInt(span, ref offset, written);
        offset += written;
    }

    private static int ReadCount(ReadOnlySpan<byte> span, ref int offset)
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(offset, Take(span, offset, 4)));
        offset += 4;
        return value >= 0 ? value : throw new FormatException("A negative count or length.");
    }

    /// <summary>A count of items, each at least a 4-byte length: more than the bytes left could hold is a broken message, not an allocation.</summary>
    private static int ReadItemCount(ReadOnlySpan<byte> span, ref int offset)
    {
        var count = ReadCount(span, ref offset);
        return count <= (span.Length - offset) / 4 ? count : throw new FormatException("The message is cut short.");
    }

    private static string ReadString(ReadOnlySpan<byte> span, ref int offset)
    {
        var length = ReadCount(span, ref offset);
        var value = Encoding.UTF8.GetString(span.Slice(offset, Take(span, offset, length)));
        offset += length;
        return value;
    }

    /// <summary><paramref name="length"/>, when that many bytes remain at <paramref name="offset"/>.</summary>
    private static int Take(ReadOnlySpan<byte> span, int offset, int length) =>
        length <= span.Length - offset ? length : throw new FormatException("The message is cut short.");
}
