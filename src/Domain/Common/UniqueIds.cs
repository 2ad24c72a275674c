using System.Buffers.Binary;

namespace EventChat.Domain.Common;

/// <summary>
/// Guids that must be unique but need not be unguessable: correlation, causation and event ids. They are drawn from
/// <see cref="Random.Shared"/> (a generator per thread, seeded once from the operating system) because
/// <see cref="Guid.NewGuid"/> and <see cref="Guid.CreateVersion7()"/> read <c>/dev/urandom</c> with one system call per
/// Guid on Linux, and a system call is a crossing into the hypervisor on the VMs this runs on (two per send, the
/// correlation and causation ids: docs/messaging.md). Never use these for tokens, secrets or anything a caller must not be able to guess.
/// </summary>
public static class UniqueIds
{
    /// <summary>A random (version 4) Guid.</summary>
    public static Guid NewVersion4()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        return Stamp(bytes, version: 0x40);
    }

    /// <summary>
    /// A time-ordered (version 7, RFC 9562) Guid: 48 bits of Unix milliseconds, then random bits, so ids made later
    /// sort later (by millisecond) and land at the end of an index.
    /// </summary>
    public static Guid NewVersion7(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        Span<byte> milliseconds = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(milliseconds, now.ToUnixTimeMilliseconds());
        milliseconds[2..].CopyTo(bytes);
        return Stamp(bytes, version: 0x70);
    }

    /// <summary>A version 7 Guid at the current time.</summary>
    public static Guid NewVersion7() => NewVersion7(DateTimeOffset.UtcNow);

    private static Guid Stamp(Span<byte> bytes, byte version)
    {
        bytes[6] = (byte)((bytes[6] & 0x0F) | version);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
