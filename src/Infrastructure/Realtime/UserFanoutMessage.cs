using System.Buffers.Binary;
using System.Text;
using Microsoft.AspNetCore.SignalR;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// One push in what <see cref="UserFanout"/> publishes: the users, then the invocation as each hub protocol serialized
/// it, so a receiving process writes it to connections without knowing the payload's types. A publish carries one or
/// more pushes, in the order they are to be delivered. Layout: a version byte (2), the push count, then each push: the
/// user count and each user id, then the protocol count and each protocol's name and bytes; counts and lengths are
/// 32-bit little-endian, strings UTF-8 behind their byte length. Version 1 (one push, no push count) is still read, so
/// that processes of the previous release deliver each other's pushes during a rolling deploy.
/// </summary>
public sealed record UserFanoutMessage(IReadOnlyList<string> UserIds, IReadOnlyList<SerializedMessage> Serialized)
{
    private const byte SinglePushVersion = 1;
    private const byte Version = 2;

    public static byte[] Write(IReadOnlyList<UserFanoutMessage> pushes)
    {
        ArgumentNullException.ThrowIfNull(pushes);
        var length = 1 + 4 + pushes.Sum(p => p.ByteCount);
        var buffer = new byte[length];
        var span = buffer.AsSpan();
        span[0] = Version;
        var offset = 1;
        WriteInt(span, ref offset, pushes.Count);
        foreach (var push in pushes)
        {
            push.WriteTo(span, ref offset);
        }

        return buffer;
    }

    /// <summary>Reads what <see cref="Write"/> wrote (or a version 1 message); the serialized invocations are slices of <paramref name="data"/>, not copies.</summary>
    /// <exception cref="FormatException">Not a message of a known version, or cut short.</exception>
    public static IReadOnlyList<UserFanoutMessage> Read(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var offset = 1;
        if (span.Length >= 1 && span[0] == SinglePushVersion)
        {
            return [ReadPush(data, ref offset)];
        }

        if (span.Length < 1 || span[0] != Version)
        {
            throw new FormatException($"Not a user fan-out message of version {SinglePushVersion} or {Version}.");
        }

        var pushes = new UserFanoutMessage[ReadItemCount(span, ref offset)];
        for (var i = 0; i < pushes.Length; i++)
        {
            pushes[i] = ReadPush(data, ref offset);
        }

        return pushes;
    }

    private int ByteCount =>
        4 + UserIds.Sum(u => 4 + Encoding.UTF8.GetByteCount(u)) + 4
        + Serialized.Sum(m => 4 + Encoding.UTF8.GetByteCount(m.ProtocolName) + 4 + m.Serialized.Length);

    private void WriteTo(Span<byte> span, ref int offset)
    {
        WriteInt(span, ref offset, UserIds.Count);
        foreach (var userId in UserIds)
        {
            WriteString(span, ref offset, userId);
        }

        WriteInt(span, ref offset, Serialized.Count);
        foreach (var message in Serialized)
        {
            WriteString(span, ref offset, message.ProtocolName);
            WriteInt(span, ref offset, message.Serialized.Length);
            message.Serialized.Span.CopyTo(span[offset..]);
            offset += message.Serialized.Length;
        }
    }

    private static UserFanoutMessage ReadPush(ReadOnlyMemory<byte> data, ref int offset)
    {
        var span = data.Span;
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
