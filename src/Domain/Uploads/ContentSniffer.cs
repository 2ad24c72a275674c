using System.Text;

namespace EventChat.Domain.Uploads;

/// <summary>
/// What a file is, from its first bytes (magic numbers), whatever name or type the client gave it. Knows the
/// types EventChat can serve; anything else is <c>null</c> (and refused).
/// </summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at.</summary>
    public const int HeaderLength = 64;

    public static string? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (header.Length >= 12 && header[8..12].SequenceEqual("WEBP"u8) && header.StartsWith("RIFF"u8))
        {
            return "image/webp";
        }

        // ISO base media (MP4): a box size, then "ftyp" and a brand; QuickTime ("qt  ") is another type.
        if (header.Length >= 12 && header[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(header[8..12]);
            return brand == "qt  " ? "video/quicktime" : "video/mp4";
        }

        // EBML (Matroska family): WebM declares its doc type "webm" in the header.
        if (header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return header.IndexOf("webm"u8) >= 0 ? "video/webm" : "video/x-matroska";
        }

        if (header.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        return null;
    }
}
